"""Voice calls: a turn of the pure flows in `ivr_flows`, its effects, callers, the duty chain."""

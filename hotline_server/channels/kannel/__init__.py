"""Kannel: texts from a GSM modem or an SMPP link through smsbox (`get-url`/`post-url`),
answers through `cgi-bin/sendsms`, delivery reports through the `dlr-url`."""

"""SMS Gateway for Android on the hotline phone: signed webhooks, the REST adapter, its states."""

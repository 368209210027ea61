"""Process wiring: settings, logging, the Slack client, the Bolt app, the HTTP server, start-up."""

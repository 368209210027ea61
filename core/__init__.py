"""Drumbeat's rules as plain functions over plain values and a session: no Slack, no scheduler."""

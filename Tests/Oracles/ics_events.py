"""Reads an iCalendar file with the `icalendar` package, an implementation independent of
Charter's, and prints each event as JSON: its UID, status, local start and end, and the
start's offset from UTC as the file's VTIMEZONE gives it. Used by the calendar oracle test."""
import json
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
# The zones as the file's own VTIMEZONE components define them, not looked up by TZID in the
# system's database, so that the offsets test what the file says.
zones = {str(zone["TZID"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}
events = []
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else None
    timed = hasattr(start, "hour")
    offset = None
    if timed:
        zone = zones[str(event["DTSTART"].params["TZID"])]
        offset = zone.utcoffset(start.replace(tzinfo=None)).total_seconds()
    events.append({
        "uid": str(event["UID"]),
        "status": str(event.get("STATUS", "")),
        "date": (start.date() if timed else start).isoformat(),
        "start": start.strftime("%H:%M") if timed else None,
        "end": end.strftime("%H:%M") if end is not None and timed else None,
        "offset": offset,
        "summary": str(event["SUMMARY"]),
    })
json.dump(events, sys.stdout)

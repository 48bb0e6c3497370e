// Reads calendar files with ical.js (the parser of web calendar clients) and prints, as JSON,
// per file: its calendar properties and every event with its UTC and local times.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = {};
for (const path of process.argv.slice(2)) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = vevent.getFirstProperty("dtstart");
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      tzid: start.getParameter("tzid") || null,
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
      local_start: event.startDate.toString(),
      local_end: event.endDate.toString(),
      utc_start: event.startDate.toJSDate().toISOString(),
      utc_end: event.endDate.toJSDate().toISOString(),
    };
  });
  out[path] = {
    method: root.getFirstPropertyValue("method"),
    name: root.getFirstPropertyValue("x-wr-calname"),
    timezones: root.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    events,
  };
}
process.stdout.write(JSON.stringify(out));

// The example page's own script: start the sandbox (a service worker that
// plays the backend), then load the element, and print every event it fires.
import { registerSandbox } from "./sandbox/register.js";

const events = document.getElementById("events");
for (const type of ["aerosync-reconnected", "aerosync-different-account", "aerosync-closed", "aerosync-error"]) {
  document.addEventListener(type, (event) => {
    const item = document.createElement("li");
    item.textContent = `${type} ${JSON.stringify(event.detail)}`;
    events.prepend(item);
  });
}

try {
  await registerSandbox(new URL("./sandbox-sw.js", import.meta.url).href);
} catch (error) {
  const note = document.createElement("p");
  note.setAttribute("role", "alert");
  note.textContent = `The sandbox could not start: ${error.message}`;
  document.querySelector("main").prepend(note);
}
await import("./aerosync-reconnect/aerosync-reconnect.js");

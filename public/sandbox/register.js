// Starts the sandbox backend (sandbox-sw.js, a service worker) and resolves
// once it controls the page, so that the component's first request reaches it.
// Used by the demo page and by the server-rendered example.
export async function registerSandbox(url) {
  if (!("serviceWorker" in navigator)) {
    throw new Error("This browser has no service workers, which the sandbox needs.");
  }
  await navigator.serviceWorker.register(url, { scope: "./" });
  const registration = await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) {
    return;
  }
  const controlled = new Promise((resolve) =>
    navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  // After a hard reload the worker is active but does not control the page: ask it to claim.
  registration.active.postMessage("claim");
  await controlled;
}

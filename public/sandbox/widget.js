// The sandbox widget page, opened by the stand-in SDK in an iframe. It links
// the chosen account through the sandbox backend and reports to the SDK with
// the real widget's postMessage messages.

const params = new URLSearchParams(location.search);
const token = params.get("token");
const connectionId = params.get("connectionId");
const aeroPassUserUuid = params.get("aeroPassUserUuid");
const api = new URL("../sandbox-api/__sandbox/", location.href);
const status = document.querySelector(".status");

function send(type, payload) {
  window.parent.postMessage(JSON.stringify({ type, payload }), location.origin);
}

function fail(code, kind, message) {
  send("widgetError", `${kind} | Code: ${code} | Message: ${message}`);
}

async function link(account) {
  for (const button of document.querySelectorAll("button")) button.disabled = true;
  status.textContent = "Linking…";
  try {
    const response = await fetch(new URL("link", api), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token, connectionId, account }),
    });
    const body = await response.json();
    if (!response.ok) {
      fail(body.error && body.error.code || "AR-500", "SERVER_ERROR", body.error && body.error.message || "Linking failed.");
      return;
    }
    send("pageSuccess", { connectionId: body.connectionId, clientName: "Aerosync sandbox", aeroPassUserUuid });
  } catch (_) {
    fail("AR-500", "SERVER_ERROR", "The sandbox backend did not answer.");
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.account) link(button.dataset.account);
  if (button.dataset.action === "close") send("widgetClose", {});
  if (button.dataset.action === "fail") {
    fail("AR-100", "POLLING_TIMEOUT", "No response received from the user within the expected time frame. Please try again later.");
  }
});

if (!token) {
  status.textContent = "This widget was opened without a token.";
  fail("AR-500", "SERVER_ERROR", "The widget was opened without a token.");
}
send("widgetPageLoaded", { connectionId });

//! A page that mounts only `<ReconnectBank>`, as an integrator's page would:
//! what the component itself costs to download (see `scripts/weight.sh`).

use aerosync_reconnect::{Environment, ReconnectBank};
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <ReconnectBank
                api_base="/api"
                connection_id="conn_123"
                aero_pass_user_uuid="user_1"
                environment=Environment::Sandbox
            />
        }
    });
}

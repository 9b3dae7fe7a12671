//! The README's stylesheet recipe, as an integrator writes it: the crate's
//! `STYLESHEET` written next to the page's own styles on every build
//! (Trunk.toml runs this before trunk reads the file).

fn main() {
    let dir = std::path::Path::new("style");
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(dir.join("aerosync-reconnect.css"), aerosync_reconnect::STYLESHEET));
    if let Err(error) = written {
        println!("cargo::error=cannot write style/aerosync-reconnect.css: {error}");
    }
    println!("cargo::rerun-if-changed=build.rs");
}

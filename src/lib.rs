//! Browser entry point: compiled to WebAssembly, it hydrates the server-rendered page.

// Release builds keep the full view types (debug builds erase them), which nest deeply.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        app::pages::calendar::preload_open_panel().await;
        // Lazy routes (every page but the calendar) need the asynchronous hydration.
        leptos::mount::hydrate_lazy(app::App);
    });
}

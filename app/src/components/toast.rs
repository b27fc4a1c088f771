//! Short-lived messages after an action ("Moved to 19 Mar · Undo", "Could not save: ...").

use leptos::lazy;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
    undo: Option<Callback<()>>,
}

/// The page-wide toast (a list of at most one, so the next replaces it with a fresh timer),
/// provided as context by the app.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// How long a toast stays up unless dismissed.
const TOAST_MILLIS: u64 = 7000;

impl Toasts {
    pub fn provide() {
        provide_context(Self {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        });
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Shows a message in place of the one shown before, if any: a stack of toasts would cover
    /// the calendar, and the newest is the one that matters. `undo` adds an Undo button.
    pub fn show(&self, kind: ToastKind, message: impl Into<String>, undo: Option<Callback<()>>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.set(vec![Toast {
            id,
            kind,
            message: message.into(),
            undo,
        }]);
        let list = self.list;
        set_timeout(
            move || list.update(|l| l.retain(|t| t.id != id)),
            std::time::Duration::from_millis(TOAST_MILLIS),
        );
    }

    pub fn success(&self, message: impl Into<String>) {
        self.show(ToastKind::Success, message, None);
    }

    pub fn error(&self, message: impl Into<String>) {
        self.show(ToastKind::Error, message, None);
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

/// The live region toasts appear in. It is empty until the first toast, and the code that
/// shows toasts is fetched then: no page has one when it loads, so it stays out of the first
/// load. The region itself is in the page from the start, as screen readers need.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = Toasts::get();
    let any = Memo::new(move |_| toasts.list.with(|l| !l.is_empty()));
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {move || any.get().then(|| Suspend::new(toast_list(toasts)))}
        </div>
    }
}

#[lazy]
fn toast_list(toasts: Toasts) -> AnyView {
    view! {
        <For each=move || toasts.list.get() key=|t| t.id let:toast>
            <div class=match toast.kind {
                ToastKind::Success => "toast success",
                ToastKind::Error => "toast error",
            }>
                <span>{toast.message.clone()}</span>
                {toast
                    .undo
                    .map(|undo| {
                        let id = toast.id;
                        view! {
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| {
                                    toasts.dismiss(id);
                                    undo.run(());
                                }
                            >
                                "Undo"
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="icon-button"
                    aria-label="Dismiss"
                    on:click={
                        let id = toast.id;
                        move |_| toasts.dismiss(id)
                    }
                >
                    "×"
                </button>
            </div>
        </For>
    }
    .into_any()
}

-- Hidden-dependency prompts: the dependencies releases of a kind usually have (templates,
-- which administrators edit), and each release's checklist of them. A prompt is open until a
-- dependency of its kind is recorded (linked) or someone dismisses it with a reason.
CREATE TABLE prompt_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    release_kind TEXT NOT NULL,
    dependency_kind TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE release_prompts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    template_id INTEGER REFERENCES prompt_templates (id) ON DELETE SET NULL,
    dependency_kind TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'linked', 'dismissed')),
    linked_release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL,
    reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (release_id, template_id)
);

CREATE INDEX release_prompts_by_release ON release_prompts (release_id);

INSERT INTO prompt_templates (release_kind, dependency_kind, text, position) VALUES
    ('payment_provider', 'fraud_rules', 'Fraud rules for the new provider''s events', 0),
    ('payment_provider', 'data_etl', 'Transaction ETL for the provider''s events', 1),
    ('payment_provider', 'sdk_review', 'Mobile SDK update and its app-store review', 2),
    ('payment_provider', 'accounting', 'Reconciliation of the provider''s payouts', 3),
    ('payment_provider', 'support_docs', 'Support macros for the provider''s disputes', 4),
    ('payment_provider', 'other', 'Notice to integration partners', 5),
    ('pricing', 'onboarding_demo', 'Onboarding and demo flows show the new prices', 6),
    ('pricing', 'accounting', 'Billing plans and invoices for the new prices', 7),
    ('pricing', 'support_docs', 'Support macros and help articles for the new prices', 8),
    ('api_change', 'support_docs', 'API reference and changelog', 9),
    ('api_change', 'sdk_review', 'SDKs that call the changed endpoints', 10),
    ('api_change', 'other', 'Notice to integration partners', 11),
    ('breaking_change', 'other', 'Notice and migration guide for integration partners', 12),
    ('breaking_change', 'support_docs', 'Support macros for customers hit by the change', 13),
    ('breaking_change', 'onboarding_demo', 'Demo and onboarding flows still work', 14),
    ('mobile_app', 'sdk_review', 'App-store review', 15),
    ('mobile_app', 'support_docs', 'Support macros for the new app version', 16);

-- Receipts of consent decisions (docs/receipts.md): one row per decision. (consent_id, at)
-- names a decision, so a retried POST stores nothing new. No IP address, user agent or other
-- trait of the visitor is kept: the consent id is a random token from the visitor's cookie.
CREATE TABLE receipts (
    consent_id text        NOT NULL,
    at         timestamptz NOT NULL,  -- the decision's time, as the browser said
    received   timestamptz NOT NULL,  -- when this server stored it
    format     integer     NOT NULL,  -- the receipt's "v"
    policy     text        NOT NULL,  -- the policy hash agreed to (see the policies table)
    kind       text        NOT NULL CHECK (kind IN ('accept_all', 'decline', 'custom', 'withdraw')),
    renewal    boolean     NOT NULL,
    categories text        NOT NULL,  -- category ids, separated by one space
    origin     text        NOT NULL,
    path       text,                  -- NULL on a sensitive page
    version    text        NOT NULL,  -- the browser module's version
    PRIMARY KEY (consent_id, at)
);

CREATE INDEX receipts_by_time ON receipts (at);

-- The canonical texts the policy hashes are computed over (`soglasie canonical`), so that a
-- receipt's hash can be read as what the visitor was shown.
CREATE TABLE policies (
    hash      text        PRIMARY KEY,
    canonical text        NOT NULL,
    stored    timestamptz NOT NULL
);

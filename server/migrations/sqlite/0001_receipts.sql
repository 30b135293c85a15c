-- Receipts of consent decisions (docs/receipts.md): one row per decision. (consent_id, at)
-- names a decision, so a retried POST stores nothing new. No IP address, user agent or other
-- trait of the visitor is kept: the consent id is a random token from the visitor's cookie.
--
-- SQLite has no time type: times are UTC text in one fixed-width form,
-- 2026-12-04T18:00:00.123000Z, so that text order is time order (export, prune).
CREATE TABLE receipts (
    consent_id TEXT    NOT NULL,
    at         TEXT    NOT NULL,  -- the decision's time, as the browser said
    received   TEXT    NOT NULL,  -- when this server stored it
    format     INTEGER NOT NULL,  -- the receipt's "v"
    policy     TEXT    NOT NULL,  -- the policy hash agreed to (see the policies table)
    kind       TEXT    NOT NULL CHECK (kind IN ('accept_all', 'decline', 'custom', 'withdraw')),
    renewal    INTEGER NOT NULL CHECK (renewal IN (0, 1)),
    categories TEXT    NOT NULL,  -- category ids, separated by one space
    origin     TEXT    NOT NULL,
    path       TEXT,              -- NULL on a sensitive page
    version    TEXT    NOT NULL,  -- the browser module's version
    PRIMARY KEY (consent_id, at)
) STRICT;

CREATE INDEX receipts_by_time ON receipts (at);

-- The canonical texts the policy hashes are computed over (`soglasie canonical`), so that a
-- receipt's hash can be read as what the visitor was shown.
CREATE TABLE policies (
    hash      TEXT NOT NULL PRIMARY KEY,
    canonical TEXT NOT NULL,
    stored    TEXT NOT NULL
) STRICT;

-- bank: tiny tables for the transactions and isolation lessons, where two
-- sessions work on the same data side by side.
--   accounts  transfers, lost updates, optimistic locking with `version`,
--             and a CHECK that refuses an overdraft
--   counters  the read-modify-write race on a single counter
--   doctors   write skew: two doctors on call for shift 1, each going off
--             call after seeing that the other is still on
--   test      the two-row table the Hermitage isolation tests start from
-- See bank.md for the invariants each exercise checks.

CREATE TABLE accounts (
    id       INTEGER PRIMARY KEY,
    owner    TEXT NOT NULL,
    balance  INTEGER NOT NULL CHECK (balance >= 0),
    version  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE counters (
    name  TEXT NOT NULL PRIMARY KEY,
    n     INTEGER NOT NULL
);

CREATE TABLE doctors (
    name     TEXT NOT NULL PRIMARY KEY,
    shift    INTEGER NOT NULL,
    on_call  INTEGER NOT NULL CHECK (on_call IN (0, 1))
);

CREATE TABLE test (
    id     INTEGER PRIMARY KEY,
    value  INTEGER NOT NULL
);

-- Balances are whole units (INTEGER), so sums are exact. Total money in
-- the bank: 250. Alice owns two accounts; Carol's is empty.
INSERT INTO accounts (id, owner, balance, version) VALUES
    (1, 'Alice', 100, 1),
    (2, 'Bob',    50, 1),
    (3, 'Carol',   0, 1),
    (4, 'Alice', 100, 1);

INSERT INTO counters (name, n) VALUES
    ('visits', 0);

-- Invariant: every shift keeps at least one doctor on call.
INSERT INTO doctors (name, shift, on_call) VALUES
    ('Alice', 1, 1),
    ('Bob',   1, 1),
    ('Carol', 2, 1),
    ('Dave',  2, 0);

INSERT INTO test (id, value) VALUES
    (1, 10),
    (2, 20);

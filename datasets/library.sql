-- library: a lending library with two branches in use. The normalised
-- tables (authors, books, book_authors, members, branches, loans) sit next
-- to loans_flat, the same loans as one wide spreadsheet-like table that
-- breaks 1NF and 3NF on purpose.
-- Deliberate edge cases (see library.md): a book with two authors, a book
-- with no author, an author with no books, two books with the same title,
-- a member and a branch with no loans, a book never lent, loans not yet
-- returned (NULL returned_on), a return exactly on the due date, and in
-- loans_flat a comma-separated author list, a phone that depends on the
-- city, and one member's email spelled two ways.

CREATE TABLE authors (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    born  INTEGER NOT NULL
);

-- published NULL = year unknown.
CREATE TABLE books (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    published  INTEGER
);

CREATE TABLE book_authors (
    book_id    INTEGER NOT NULL REFERENCES books(id),
    author_id  INTEGER NOT NULL REFERENCES authors(id),
    PRIMARY KEY (book_id, author_id)
);

-- The reverse index: "books by this author".
CREATE INDEX book_authors_by_author ON book_authors (author_id, book_id);

CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    joined_on  TEXT NOT NULL
);

CREATE TABLE branches (
    id     INTEGER PRIMARY KEY,
    city   TEXT NOT NULL UNIQUE,
    phone  TEXT NOT NULL
);

-- returned_on NULL = still out.
CREATE TABLE loans (
    id           INTEGER PRIMARY KEY,
    book_id      INTEGER NOT NULL REFERENCES books(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    branch_id    INTEGER NOT NULL REFERENCES branches(id),
    loaned_on    TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    returned_on  TEXT,
    CHECK (due_on > loaned_on),
    CHECK (returned_on >= loaned_on)
);

-- The unnormalised version: one row per loan, everything copied in.
-- author_names is a list in one cell (not 1NF); branch_phone depends on
-- branch_city, not on the loan (a transitive dependency, not 3NF); and
-- member_email depends on the member, so it can disagree with itself.
CREATE TABLE loans_flat (
    loan_id       INTEGER PRIMARY KEY,
    member_name   TEXT NOT NULL,
    member_email  TEXT NOT NULL,
    book_title    TEXT NOT NULL,
    author_names  TEXT,
    branch_city   TEXT NOT NULL,
    branch_phone  TEXT NOT NULL
);

INSERT INTO authors (id, name, born) VALUES
    (1, 'Jane Austen',       1775),
    (2, 'Terry Pratchett',   1948),
    (3, 'Neil Gaiman',       1960),
    (4, 'Cormac McCarthy',   1933),
    (5, 'Jack London',       1876),
    (6, 'Mary Shelley',      1797),
    (7, 'Ursula K. Le Guin', 1929);

INSERT INTO books (id, title, published) VALUES
    (1, 'Pride and Prejudice', 1813),
    (2, 'Emma',                1815),
    (3, 'Good Omens',          1990),
    (4, 'The Road',            2006),
    (5, 'The Road',            1907),
    (6, 'Frankenstein',        1818),
    (7, 'Beowulf',             NULL),
    (8, 'American Gods',       2001);

-- Good Omens has two authors; Beowulf has none; Le Guin has no books here.
INSERT INTO book_authors (book_id, author_id) VALUES
    (1, 1),
    (2, 1),
    (3, 2),
    (3, 3),
    (4, 4),
    (5, 5),
    (6, 6),
    (8, 3);

INSERT INTO members (id, name, email, joined_on) VALUES
    (1, 'Priya Nair', 'priya.nair@example.org', '2023-01-15'),
    (2, 'Tom Okoye',  'tom.okoye@example.org',  '2023-03-02'),
    (3, 'Lena Berg',  'lena.berg@example.org',  '2023-06-20'),
    (4, 'Sam Reyes',  'sam.reyes@example.org',  '2024-01-08');

INSERT INTO branches (id, city, phone) VALUES
    (1, 'Leeds', '0113 555 0101'),
    (2, 'York',  '01904 555 0202'),
    (3, 'Hull',  '01482 555 0303');

-- Loans run for 21 days.
INSERT INTO loans (id, book_id, member_id, branch_id, loaned_on, due_on, returned_on) VALUES
    (1, 3, 1, 1, '2024-01-05', '2024-01-26', '2024-01-20'),
    (2, 1, 2, 1, '2024-01-10', '2024-01-31', '2024-01-31'),
    (3, 4, 1, 2, '2024-02-01', '2024-02-22', '2024-02-25'),
    (4, 7, 3, 2, '2024-02-03', '2024-02-24', '2024-02-20'),
    (5, 3, 3, 1, '2024-02-12', '2024-03-04', NULL),
    (6, 5, 2, 2, '2024-02-20', '2024-03-12', '2024-03-01'),
    (7, 2, 1, 1, '2024-03-01', '2024-03-22', NULL),
    (8, 8, 2, 1, '2024-03-05', '2024-03-26', '2024-03-20');

-- The same eight loans, flattened. Loan 3 carries an old email for Priya.
INSERT INTO loans_flat (loan_id, member_name, member_email, book_title, author_names, branch_city, branch_phone) VALUES
    (1, 'Priya Nair', 'priya.nair@example.org', 'Good Omens',          'Terry Pratchett, Neil Gaiman', 'Leeds', '0113 555 0101'),
    (2, 'Tom Okoye',  'tom.okoye@example.org',  'Pride and Prejudice', 'Jane Austen',                  'Leeds', '0113 555 0101'),
    (3, 'Priya Nair', 'priya@example.org',      'The Road',            'Cormac McCarthy',              'York',  '01904 555 0202'),
    (4, 'Lena Berg',  'lena.berg@example.org',  'Beowulf',             NULL,                           'York',  '01904 555 0202'),
    (5, 'Lena Berg',  'lena.berg@example.org',  'Good Omens',          'Terry Pratchett, Neil Gaiman', 'Leeds', '0113 555 0101'),
    (6, 'Tom Okoye',  'tom.okoye@example.org',  'The Road',            'Jack London',                  'York',  '01904 555 0202'),
    (7, 'Priya Nair', 'priya.nair@example.org', 'Emma',                'Jane Austen',                  'Leeds', '0113 555 0101'),
    (8, 'Tom Okoye',  'tom.okoye@example.org',  'American Gods',       'Neil Gaiman',                  'Leeds', '0113 555 0101');

-- A small dataset for the pack. Lessons name it by file name (`dataset: example`).
-- Keep the edge cases visible: a parent without children (Cal), a NULL
-- (Dev's city), two rows that tie (two orders of 70), a duplicate name (two
-- Anns). `sqldojo check` warns when the data cannot tell a correct query from
-- a classic mistake, and says which row to add.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  amount INTEGER NOT NULL
);
INSERT INTO users VALUES
  (1, 'Ann', 'Lisbon'),
  (2, 'Bea', 'Porto'),
  (3, 'Cal', 'Lisbon'),
  (4, 'Dev', NULL),
  (5, 'Ann', 'Porto');
INSERT INTO orders VALUES
  (10, 1, 50),
  (11, 1, 70),
  (12, 2, 70),
  (13, 4, 20),
  (14, 5, 50);

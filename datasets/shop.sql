-- shop: a tiny web shop. Users place orders; orders hold products.
-- Deliberate edge cases (see shop.md): users without orders, an order whose
-- user does not exist, a guest order with no user, a NULL city, equal amounts.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    city       TEXT,
    signed_up  TEXT NOT NULL
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES users(id),
    amount      INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'cancelled')),
    ordered_at  TEXT NOT NULL
);

CREATE TABLE products (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    category  TEXT NOT NULL,
    price     REAL NOT NULL
);

CREATE TABLE order_items (
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE discounts (
    product_id  INTEGER PRIMARY KEY REFERENCES products(id),
    percentage  INTEGER NOT NULL CHECK (percentage BETWEEN 1 AND 90)
);

INSERT INTO users (id, name, email, city, signed_up) VALUES
    (1, 'Alice', 'alice@example.com', 'Lisbon',  '2024-01-05'),
    (2, 'Bob',   'bob@example.com',   'Porto',   '2024-01-09'),
    (3, 'Carol', 'carol@example.com', 'Lisbon',  '2024-02-11'),
    (5, 'Dave',  'dave@example.com',  'Madrid',  '2024-02-20'),
    (6, 'Erin',  'erin@example.com',  NULL,      '2024-03-02'),
    (7, 'Frank', 'frank@example.com', 'Porto',   '2024-03-15');

-- Orders 1-3 are the question bank's example: Alice has two orders,
-- Bob and Carol none, and order 3 belongs to user 4, who does not exist.
INSERT INTO orders (id, user_id, amount, status, ordered_at) VALUES
    (1, 1,    100, 'paid',      '2024-03-01'),
    (2, 1,    200, 'pending',   '2024-03-04'),
    (3, 4,    300, 'paid',      '2024-03-05'),
    (4, 5,    150, 'cancelled', '2024-03-07'),
    (5, 5,     80, 'paid',      '2024-03-09'),
    (6, 7,    120, 'pending',   '2024-03-12'),
    (7, NULL,  60, 'paid',      '2024-03-13'),
    (8, 6,    150, 'cancelled', '2024-03-20');

INSERT INTO products (id, name, category, price) VALUES
    (1, 'Kettle',      'kitchen',  29.9),
    (2, 'Teapot',      'kitchen',  19.5),
    (3, 'Desk lamp',   'office',   24.0),
    (4, 'Notebook',    'office',    4.5),
    (5, 'Headphones',  'audio',    59.0),
    (6, 'Speaker',     'audio',    45.0),
    (7, 'Doormat',     'home',     12.0);

INSERT INTO order_items (order_id, product_id, quantity) VALUES
    (1, 1, 1), (1, 4, 3),
    (2, 5, 1), (2, 4, 2),
    (3, 6, 1),
    (4, 3, 2),
    (5, 2, 1), (5, 4, 1),
    (6, 5, 1),
    (7, 4, 4),
    (8, 6, 1);

INSERT INTO discounts (product_id, percentage) VALUES
    (1, 10),
    (5, 20),
    (7, 15);

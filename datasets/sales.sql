-- sales: three weeks of takings for a chain of shops, monthly targets per
-- region, and a small extract of orders and returns by product.
-- Deliberate edge cases (see sales.md): missing days (gaps) including an
-- island that runs across the leap day and the month end, equal revenues
-- (including a tie for a region's best day), two regions that trade on
-- different days, a target met exactly, targets with no revenue behind
-- them, and orders/returns that overlap, repeat and contain NULL product
-- ids (gift cards) for the set-operation and NOT IN lessons.

CREATE TABLE daily_revenue (
    day      TEXT NOT NULL,
    region   TEXT NOT NULL,
    revenue  INTEGER NOT NULL CHECK (revenue >= 0),
    PRIMARY KEY (day, region)
);

CREATE TABLE targets (
    region  TEXT NOT NULL,
    month   TEXT NOT NULL,
    target  INTEGER NOT NULL CHECK (target > 0),
    PRIMARY KEY (region, month)
);

CREATE TABLE products (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    category  TEXT NOT NULL
);

-- product_id NULL = a gift card, which is not a product.
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    ordered_on  TEXT NOT NULL,
    region      TEXT NOT NULL,
    product_id  INTEGER REFERENCES products(id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0)
);

-- Returns may refer to purchases older than this orders extract.
-- product_id NULL = a returned gift card; reason NULL = none given.
CREATE TABLE returns (
    id           INTEGER PRIMARY KEY,
    product_id   INTEGER REFERENCES products(id),
    returned_on  TEXT NOT NULL,
    reason       TEXT
);

-- North closed for a refit on 26-27 February and for a stock-take on
-- 5 March. South opened on 1 March and closed on 4 March (a strike).
INSERT INTO daily_revenue (day, region, revenue) VALUES
    ('2024-02-20', 'north', 1200),
    ('2024-02-21', 'north', 1350),
    ('2024-02-22', 'north',  980),
    ('2024-02-23', 'north', 1500),
    ('2024-02-24', 'north', 1500),
    ('2024-02-25', 'north', 1100),
    ('2024-02-28', 'north',  900),
    ('2024-02-29', 'north', 1250),
    ('2024-03-01', 'north', 1400),
    ('2024-03-01', 'south',  800),
    ('2024-03-02', 'north', 1750),
    ('2024-03-02', 'south',  950),
    ('2024-03-03', 'north', 1600),
    ('2024-03-03', 'south',  950),
    ('2024-03-04', 'north', 1000),
    ('2024-03-05', 'south',  700),
    ('2024-03-06', 'north', 1300),
    ('2024-03-06', 'south', 1100),
    ('2024-03-07', 'north', 1150),
    ('2024-03-07', 'south', 1100),
    ('2024-03-08', 'north', 1250),
    ('2024-03-08', 'south', 1300),
    ('2024-03-09', 'north', 1750),
    ('2024-03-10', 'north', 1450),
    ('2024-03-11', 'north', 1200);

-- North's February target is exactly its February revenue (9780).
-- South was meant to open in February; east has not opened at all.
INSERT INTO targets (region, month, target) VALUES
    ('north', '2024-02',  9780),
    ('north', '2024-03', 15000),
    ('south', '2024-02',  2000),
    ('south', '2024-03',  6500),
    ('east',  '2024-03',  5000);

INSERT INTO products (id, name, category) VALUES
    (1, 'Desk lamp',    'lighting'),
    (2, 'Office chair', 'furniture'),
    (3, 'Monitor',      'electronics'),
    (4, 'Keyboard',     'electronics'),
    (5, 'Mouse',        'electronics'),
    (6, 'Webcam',       'electronics'),
    (7, 'Headset',      'electronics');

INSERT INTO orders (id, ordered_on, region, product_id, quantity) VALUES
    (1, '2024-03-01', 'north', 1,    1),
    (2, '2024-03-01', 'south', 3,    2),
    (3, '2024-03-02', 'north', 3,    1),
    (4, '2024-03-03', 'north', 4,    1),
    (5, '2024-03-03', 'south', 1,    1),
    (6, '2024-03-05', 'south', NULL, 1),
    (7, '2024-03-06', 'north', 5,    3),
    (8, '2024-03-07', 'north', 3,    1),
    (9, '2024-03-08', 'south', 2,    1);

INSERT INTO returns (id, product_id, returned_on, reason) VALUES
    (1, 3,    '2024-03-04', 'damaged'),
    (2, 3,    '2024-03-09', NULL),
    (3, 6,    '2024-03-05', 'wrong item'),
    (4, 4,    '2024-03-06', 'changed mind'),
    (5, NULL, '2024-03-10', 'unused gift card'),
    (6, 6,    '2024-03-11', 'damaged');

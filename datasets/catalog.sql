-- catalog: a product list whose tags are stored the wrong way, as one
-- comma-separated TEXT column. The many-to-many lab asks learners to query
-- it, see why that hurts, and migrate it to tags + product_tags (those
-- tables are deliberately NOT created here).
-- Deliberate edge cases (see catalog.md): 'wireless' next to
-- 'wireless-charging', the tag in first, middle, last and only position,
-- ' Wireless' with a space and a capital, a repeated tag, a trailing comma,
-- empty tags '' vs NULL tags, and two products with the same name.

CREATE TABLE products (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    tags  TEXT
);

-- tags NULL = never tagged; tags '' = looked at and given no tags.
INSERT INTO products (id, name, tags) VALUES
    ( 1, 'Bluetooth Speaker', 'electronics,audio,wireless,bluetooth,portable'),
    ( 2, 'Wireless Earbuds',  'wireless,audio,bluetooth'),
    ( 3, 'Charging Pad',      'electronics,wireless-charging'),
    ( 4, 'Phone Stand',       'phone,office'),
    ( 5, 'USB-C Cable',       'usb,cable,electronics'),
    ( 6, 'USB-C Cable',       'usb,cable,usb'),
    ( 7, 'Desk Lamp',         'home,office,lighting'),
    ( 8, 'Travel Mug',        'kitchen,portable'),
    ( 9, 'Kettle',            'kitchen,'),
    (10, 'Gift Card',         ''),
    (11, 'Mystery Box',       NULL),
    (12, 'Wireless Mouse',    'electronics,office,wireless'),
    (13, 'Headphones',        'audio, Wireless'),
    (14, 'Power Bank',        'electronics,portable,usb'),
    (15, 'Smart Watch',       'wireless-charging,wearable,bluetooth'),
    (16, 'Radio',             'wireless'),
    (17, 'Camping Lantern',   'outdoor,portable,lighting'),
    (18, 'Car Charger',       'electronics,usb,phone'),
    (19, 'Phone Case',        'phone'),
    (20, 'Doormat',           'home');

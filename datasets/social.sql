-- social: a tiny microblog. Users follow each other, write posts (some of
-- them replies to other posts) and tag posts.
-- Deliberate edge cases (see social.md): mutual follows, a 3-cycle of
-- follows, a user who follows nobody, a user nobody follows, a user with no
-- follows at all, two users with the same display name, reply chains with a
-- NULL reply_to on top-level posts, a post without tags, a tag on no posts,
-- and ties in likes and follower counts.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    handle     TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    city       TEXT,
    joined_on  TEXT NOT NULL
);

CREATE TABLE follows (
    follower_id  INTEGER NOT NULL REFERENCES users(id),
    followee_id  INTEGER NOT NULL REFERENCES users(id),
    followed_at  TEXT NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);

-- The primary key answers "whom does X follow?"; this index answers
-- "who follows X?".
CREATE INDEX follows_by_followee ON follows (followee_id, follower_id);

CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    reply_to   INTEGER REFERENCES posts(id),
    body       TEXT NOT NULL,
    likes      INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0),
    posted_at  TEXT NOT NULL,
    CHECK (reply_to <> id)
);

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    post_id  INTEGER NOT NULL REFERENCES posts(id),
    tag_id   INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (post_id, tag_id)
);

-- The reverse index: the primary key serves "tags of a post", this one
-- serves "posts with a tag".
CREATE INDEX post_tags_by_tag ON post_tags (tag_id, post_id);

INSERT INTO users (id, handle, name, city, joined_on) VALUES
    (1, 'ana',   'Ana Silva',   'Lisbon', '2023-01-10'),
    (2, 'ben',   'Ben Ito',     'Osaka',  '2023-01-12'),
    (3, 'cleo',  'Cleo Adams',  NULL,     '2023-02-01'),
    (4, 'dev',   'Dev Patel',   'Leeds',  '2023-02-14'),
    (5, 'eva',   'Eva Lind',    'Oslo',   '2023-03-03'),
    (6, 'finn',  'Finn Murphy', 'Cork',   '2023-03-20'),
    (7, 'gia',   'Gia Russo',   NULL,     '2023-04-08'),
    (8, 'sam_k', 'Sam Kerr',    'Perth',  '2024-05-01'),
    (9, 'sam_o', 'Sam Kerr',    'Leeds',  '2024-05-02');

-- ana<->ben and ana<->dev are mutual; cleo->dev->eva->cleo is a cycle.
-- finn follows nobody; nobody follows gia (or sam_o); sam_k has no follows
-- in either direction. cleo and finn tie for most followers (4 each).
INSERT INTO follows (follower_id, followee_id, followed_at) VALUES
    (1, 2, '2023-01-13'),
    (2, 1, '2023-01-14'),
    (1, 4, '2023-02-15'),
    (4, 1, '2023-02-16'),
    (2, 3, '2023-02-02'),
    (3, 4, '2023-02-20'),
    (4, 5, '2023-03-05'),
    (5, 3, '2023-03-06'),
    (1, 6, '2023-03-21'),
    (5, 6, '2023-03-22'),
    (7, 6, '2023-04-09'),
    (7, 1, '2023-04-09'),
    (7, 3, '2023-04-10'),
    (9, 6, '2024-05-02'),
    (9, 3, '2024-05-03');

INSERT INTO posts (id, user_id, reply_to, body, likes, posted_at) VALUES
    ( 1, 1, NULL, 'Hello, world!',                          5, '2023-01-10 09:00'),
    ( 2, 2,    1, 'Welcome, Ana!',                          2, '2023-01-13 10:15'),
    ( 3, 1,    2, 'Thanks Ben :)',                          2, '2023-01-13 11:02'),
    ( 4, 4,    3, 'Late to the party, hi both.',            0, '2023-02-16 08:30'),
    ( 5, 3, NULL, 'Sourdough attempt number four.',         7, '2023-02-21 18:45'),
    ( 6, 5,    5, 'Looks great! Recipe?',                   1, '2023-03-06 12:00'),
    ( 7, 3, NULL, 'Trail run by the river this morning.',   7, '2023-03-10 07:20'),
    ( 8, 6, NULL, 'Cork in the rain, again.',               3, '2023-03-25 16:05'),
    ( 9, 5, NULL, 'Reading list for spring.',               4, '2023-04-01 20:30'),
    (10, 7, NULL, 'First post. Be nice.',                   0, '2023-04-08 13:00'),
    (11, 1, NULL, 'Anyone up for a hike on Saturday?',      5, '2023-05-02 19:10'),
    (12, 9, NULL, 'New here, mostly lurking.',              1, '2024-05-02 21:00');

INSERT INTO tags (id, name) VALUES
    (1, 'intro'),
    (2, 'food'),
    (3, 'outdoors'),
    (4, 'books'),
    (5, 'weather'),
    (6, 'music');

INSERT INTO post_tags (post_id, tag_id) VALUES
    ( 1, 1),
    ( 5, 2),
    ( 6, 2),
    ( 7, 3),
    ( 8, 3),
    ( 8, 5),
    ( 9, 4),
    (10, 1),
    (11, 3),
    (12, 1);

-- school: one term at a small college. Students enrol in courses, teachers
-- run courses, and some students also book a personal tutor per subject.
-- Deliberate edge cases (see school.md): a student with no enrolments, a
-- course nobody took, a course with no teacher yet, ungraded (NULL) grades,
-- a real grade of 0, a grade exactly on the pass mark, ties for the top
-- grade, two students with the same name, and a `tutoring` table that is in
-- 3NF but not in BCNF (a tutor determines the subject).

CREATE TABLE students (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    email  TEXT UNIQUE,
    year   INTEGER NOT NULL CHECK (year BETWEEN 1 AND 4)
);

CREATE TABLE teachers (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL
);

CREATE TABLE courses (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    credits     INTEGER NOT NULL CHECK (credits > 0),
    teacher_id  INTEGER REFERENCES teachers(id)
);

CREATE TABLE enrollments (
    student_id   INTEGER NOT NULL REFERENCES students(id),
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    enrolled_on  TEXT NOT NULL,
    grade        INTEGER CHECK (grade BETWEEN 0 AND 100),
    PRIMARY KEY (student_id, course_id)
);

-- Each student has at most one tutor per subject, and each tutor tutors
-- exactly one subject: teacher_id -> subject holds, yet teacher_id is not a
-- key. Kept undecomposed on purpose for the BCNF lesson.
CREATE TABLE tutoring (
    student_id  INTEGER NOT NULL REFERENCES students(id),
    subject     TEXT NOT NULL,
    teacher_id  INTEGER NOT NULL REFERENCES teachers(id),
    PRIMARY KEY (student_id, subject)
);

INSERT INTO students (id, name, email, year) VALUES
    ( 1, 'Amara Diallo', 'amara@example.org',  2),
    ( 2, 'Bruno Costa',  'bruno@example.org',  1),
    ( 3, 'Chen Wei',     'chen@example.org',   3),
    ( 4, 'Dana Levi',    'dana.l@example.org', 2),
    ( 5, 'Eli Brooks',   NULL,                 1),
    ( 6, 'Fatima Zahra', 'fatima@example.org', 4),
    ( 7, 'Goran Ilic',   NULL,                 3),
    ( 8, 'Dana Levi',    'dana.v@example.org', 1),
    ( 9, 'Ines Moreau',  'ines@example.org',   2),
    (10, 'Jon Berg',     'jon@example.org',    1);

INSERT INTO teachers (id, name) VALUES
    (1, 'Helen Park'),
    (2, 'Omar Said'),
    (3, 'Rita Kaur'),
    (4, 'Paul Marsh'),
    (5, 'Lucy Chang');

INSERT INTO courses (id, code, title, subject, credits, teacher_id) VALUES
    (1, 'MATH101', 'Calculus I',              'Maths',      6, 1),
    (2, 'MATH201', 'Linear Algebra',          'Maths',      6, 2),
    (3, 'CS101',   'Introduction to Programming', 'Computing', 6, 3),
    (4, 'CS205',   'Databases',               'Computing',  5, 3),
    (5, 'HIST110', 'Modern History',          'History',    4, NULL),
    (6, 'PHIL150', 'Logic',                   'Philosophy', 4, 4);

-- Term started 2024-09-02; the add/drop deadline was 2024-09-13 (inclusive).
-- The pass mark is 50. NULL grade = not graded yet; 0 = sat and scored 0.
INSERT INTO enrollments (student_id, course_id, enrolled_on, grade) VALUES
    (1, 1, '2024-09-02', 88),
    (2, 1, '2024-09-02', 50),
    (3, 1, '2024-09-02', 95),
    (4, 1, '2024-09-03', 72),
    (6, 1, '2024-09-02', 95),
    (8, 1, '2024-09-05', 61),
    (3, 2, '2024-09-02', 78),
    (4, 2, '2024-09-03', 84),
    (6, 2, '2024-09-02', 84),
    (7, 2, '2024-09-04', 90),
    (1, 3, '2024-09-02', 92),
    (2, 3, '2024-09-02', 45),
    (5, 3, '2024-09-09', 0),
    (8, 3, '2024-09-05', 67),
    (9, 3, '2024-09-16', NULL),
    (1, 4, '2024-09-02', 92),
    (3, 4, '2024-09-02', 88),
    (6, 4, '2024-09-13', 81),
    (7, 4, '2024-09-04', NULL),
    (4, 5, '2024-09-03', NULL),
    (5, 5, '2024-09-09', NULL),
    (7, 5, '2024-09-04', NULL),
    (9, 5, '2024-09-16', NULL);

INSERT INTO tutoring (student_id, subject, teacher_id) VALUES
    (2, 'Maths',     1),
    (2, 'Computing', 3),
    (3, 'Maths',     2),
    (4, 'Maths',     2),
    (5, 'Computing', 3),
    (5, 'History',   5),
    (8, 'Maths',     1),
    (9, 'History',   5);

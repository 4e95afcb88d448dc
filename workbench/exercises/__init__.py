"""The learner's own functions, layers, optimizers and im2col: stub files to fill in, and a grader that checks them.

`parts` lists what the learner writes (the book's names and signatures, one file per chapter, chapters
3 and 4 sharing functions.py), `functions_grader` checks chapters 3 and 4's functions,
`stubs` writes the files, `grader` checks one folder part by part against the library, and
`sandbox` runs the grader in a separate process with a time and a memory limit. Results are plain
data (statuses and catalog keys), so the console, the app and the tests render them alike.
"""

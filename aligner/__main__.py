"""`python -m aligner ...` runs the `aligner` command, for an environment whose scripts folder is not on the path."""

from aligner.cli import main_entry

if __name__ == "__main__":  # not when a worker process (multiprocessing's spawn) imports the main module again
    main_entry()

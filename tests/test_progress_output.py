"""Long work shows progress: a bar on a terminal, plain lines anywhere else."""

import fcntl
import io
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from django.core.management import call_command

from fitspace.progress import progress

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "from fitspace.progress import progress; list(progress(range(40), total=40, desc='Work'))"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_it_writes_a_line_each_tenth_and_one_when_done():
    stream = io.StringIO()

    items = list(progress(range(20), total=20, desc="Importing", stream=stream))

    assert items == list(range(20))
    lines = stream.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        *(f"Importing: {n}/20 ({n * 5}%)" for n in range(2, 20, 2)),
        "Importing: done",
    ]
    assert lines[-1].startswith("Importing: done, 20, ")
    assert "\r" not in stream.getvalue()


def test_without_a_total_it_writes_a_line_every_interval():
    stream = io.StringIO()

    list(progress(iter("abc"), total=None, desc="Scanning", stream=stream, every_seconds=0))

    assert [line.split(",")[0] for line in stream.getvalue().splitlines()] == [
        "Scanning: 1",
        "Scanning: 2",
        "Scanning: 3",
        "Scanning: done",
    ]


def test_nothing_to_do_still_says_done():
    stream = io.StringIO()

    assert list(progress([], total=0, desc="Archiving", stream=stream)) == []
    assert stream.getvalue().startswith("Archiving: done, 0, ")


def test_on_a_terminal_it_draws_a_bar():
    stream = Terminal()

    items = list(progress(range(30), total=30, desc="Seeding", stream=stream))

    assert items == list(range(30))
    output = stream.getvalue()
    assert "\r" in output
    assert "Seeding: 100%|" in output
    assert "30/30" in output


def run_with_stderr(stderr_fd: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO_ROOT,
        stderr=stderr_fd,
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=60,
    )


def test_a_real_terminal_gets_the_bar_and_a_pipe_gets_lines():
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        run_with_stderr(secondary)
        os.close(secondary)
        terminal = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            terminal += chunk
    finally:
        os.close(primary)
    piped = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_ROOT, capture_output=True, check=True, timeout=60
    ).stderr

    assert b"Work: 100%|" in terminal
    assert b"Work: done, 40" in piped
    assert b"%|" not in piped


@pytest.mark.django_db
def test_archive_groups_reports_its_progress(capsys):
    call_command("archive_groups")

    captured = capsys.readouterr()
    assert "Archived 0 group(s)." in captured.out
    assert "Archiving expired groups: done, 0" in captured.err

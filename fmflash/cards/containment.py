"""Paths a card file gives, kept inside the project: relative, no ``..`` or link leading out.

Someone else's course is untrusted input: ``notes:``, ``chapters:`` and ``package:`` name files
relative to their card file's folder, and each must stay inside the project, the folder of the
root card file. The loaders ask ``card_file_path`` before anything is read from such a path or
written to it, and turn its reason into an error located at the path's line.
"""

from __future__ import annotations

import os


def beside(path: str, relative: str) -> str:
    """Return a path given relative to ``path``'s folder, as the user would type it from here.

    A relative ``path`` gives a path relative to the working folder (``cd deck`` makes
    ``../cards.yaml`` and ``deck/notes.md`` into ``notes.md``); an absolute one stays absolute.
    """
    joined = os.path.join(os.path.dirname(path), relative)
    if os.path.isabs(joined):
        return os.path.normpath(joined)
    return os.path.relpath(joined)


def card_file_path(root_path: str, card_file: str, written: str) -> tuple[str, str | None]:
    """Return a path a card file gives, as the user would type it, and why it is refused.

    ``written`` is relative to ``card_file``'s folder and must stay inside the project (the
    folder of the root card file ``root_path``): not absolute, and not leading out (see
    ``leads_out``). The reason is None if the path stays inside.
    """
    path = beside(card_file, written)
    if os.path.isabs(written):
        return path, (
            f"'{written}' is an absolute path; a card file's paths are relative to its folder "
            f"and stay inside the project (the folder of {root_path})"
        )
    way_out = leads_out(root_path, path)
    if way_out is None:
        return path, None
    return path, f"'{written}' {way_out}; a card file's paths stay inside it"


def leads_out(root_path: str, path: str) -> str | None:
    """Say how ``path`` leads out of the project (the folder of ``root_path``), or None.

    By ``..`` in the path, or through a symbolic link as the links are on disk now (a path
    that does not exist yet is judged by the folders it would be in).
    """
    folder = os.path.dirname(os.path.abspath(root_path))
    if not _is_within(folder, os.path.abspath(path)):
        return f"leads out of the project (the folder of {root_path})"
    if not _is_within(os.path.realpath(folder), os.path.realpath(path)):
        return f"leads out of the project (the folder of {root_path}) through a symbolic link"
    return None


def _is_within(folder: str, path: str) -> bool:
    return os.path.commonpath([folder, path]) == folder

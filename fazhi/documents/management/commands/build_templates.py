"""Write the built-in Word template of every document kind to a directory.

python manage.py build_templates /tmp/templates   # one <kind>.docx per kind, to edit in Word or WPS and upload
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.documents.build_templates import write_templates


class Command(BaseCommand):
    help = "Write every document kind's built-in template (GB/T 9704 layout) to a directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        for path in write_templates(directory):
            self.stdout.write(str(path))

"""Load a named demo data set into an empty database (make run does this): `load_demo baotou-2024`."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.demo.baotou import DEMO_PASSWORD, load_baotou_people

DATASETS = {"baotou-2024": load_baotou_people}


class Command(BaseCommand):
    help = "Load a demo data set (baotou-2024: Baotou regions, organisations and staff personas)."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(DATASETS))

    def handle(self, *args, dataset: str, **options):
        if dataset not in DATASETS:
            raise CommandError(f"未知的演示数据集：{dataset}")
        personas = DATASETS[dataset]()
        self.stdout.write(f"演示登录（密码均为 {DEMO_PASSWORD}）：")
        for p in personas:
            self.stdout.write(f"  {p.username:<16} {p.note}")

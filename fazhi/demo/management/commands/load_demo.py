"""Load a named demo data set into an empty database (make run does this): `load_demo baotou-2024`."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.demo.baotou import DEMO_PASSWORD, load_baotou_people
from fazhi.demo.legal_aid import load_legal_aid_demo
from fazhi.demo.mediation import load_mediation_demo
from fazhi.demo.reconsideration import load_reconsideration_demo


def load_baotou_2024():
    personas = load_baotou_people()
    load_reconsideration_demo()
    load_mediation_demo()
    load_legal_aid_demo()
    return personas


DATASETS = {"baotou-2024": load_baotou_2024}


class Command(BaseCommand):
    help = "Load a demo data set (baotou-2024: Baotou regions, organisations, staff and demo cases)."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(DATASETS))

    def handle(self, *args, dataset: str, **options):
        if dataset not in DATASETS:
            raise CommandError(f"未知的演示数据集：{dataset}")
        personas = DATASETS[dataset]()
        self.stdout.write(f"演示登录（密码均为 {DEMO_PASSWORD}）：")
        for p in personas:
            self.stdout.write(f"  {p.username:<16} {p.note}")

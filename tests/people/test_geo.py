"""Geofences: distances, circles and polygons (tenant_apps.people.geo, no database)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenant_apps.people import geo

# A 1 km square in Putrajaya (about 0.009° a side), corners anticlockwise from the south-west.
SOUTH, NORTH, WEST, EAST = 2.900, 2.909, 101.690, 101.699
SQUARE = geo.Polygon(((SOUTH, WEST), (SOUTH, EAST), (NORTH, EAST), (NORTH, WEST)))
MID_LAT, MID_LON = (SOUTH + NORTH) / 2, (WEST + EAST) / 2


def test_one_degree_of_latitude_is_111195_metres() -> None:
    assert geo.distance_m(3.0, 101.0, 4.0, 101.0) == pytest.approx(111_195, abs=1)
    assert geo.distance_m(0.0, 0.0, 0.0, 1.0) == pytest.approx(111_195, abs=1)


def test_equator_to_pole_is_a_quarter_of_the_meridian() -> None:
    assert geo.distance_m(0.0, 101.0, 90.0, 101.0) == pytest.approx(
        math.pi / 2 * 6_371_008.8, abs=1e-6
    )


def test_distance_is_symmetric_and_zero_on_the_same_point() -> None:
    there = geo.distance_m(2.9264, 101.6964, 3.1390, 101.6869)

    assert geo.distance_m(3.1390, 101.6869, 2.9264, 101.6964) == pytest.approx(there)
    assert geo.distance_m(2.9264, 101.6964, 2.9264, 101.6964) == 0.0


def test_a_point_on_the_circle_is_inside() -> None:
    circle = geo.Circle(2.9264, 101.6964, 100)
    lat, lon = geo.destination(2.9264, 101.6964, 37.0, 100.0)

    verdict = geo.circle_test(circle, lat, lon)

    assert verdict.inside is True
    assert verdict.distance_m == 0.0
    assert verdict.distance_to_centre_m == pytest.approx(100.0, abs=0.01)


def test_a_point_one_metre_outside_the_circle_is_outside() -> None:
    circle = geo.Circle(2.9264, 101.6964, 100)
    lat, lon = geo.destination(2.9264, 101.6964, 200.0, 101.0)

    verdict = geo.circle_test(circle, lat, lon)

    assert verdict.inside is False
    assert verdict.distance_m == pytest.approx(1.0, abs=0.01)
    assert verdict.distance_to_centre_m == pytest.approx(101.0, abs=0.01)


@pytest.mark.parametrize("radius", [0, 0.0, -5, float("nan")])
def test_a_circle_without_a_positive_radius_is_refused(radius: float) -> None:
    with pytest.raises(geo.GeofenceError) as refused:
        geo.Circle(2.9264, 101.6964, radius)

    assert refused.value.code == "radius_zero"


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (90.5, 101.0, "latitude_range"),
        (-91.0, 101.0, "latitude_range"),
        (float("nan"), 101.0, "latitude_range"),
        (3.0, 181.0, "longitude_range"),
        (3.0, -180.5, "longitude_range"),
    ],
)
def test_a_coordinate_out_of_range_is_refused(lat: float, lon: float, code: str) -> None:
    with pytest.raises(geo.GeofenceError) as as_centre:
        geo.Circle(lat, lon, 100)
    with pytest.raises(geo.GeofenceError) as as_tested_point:
        geo.geofence_test(SQUARE, lat, lon)
    with pytest.raises(geo.GeofenceError) as as_vertex:
        geo.Polygon(((lat, lon), (SOUTH, EAST), (NORTH, EAST)))

    assert as_centre.value.code == as_tested_point.value.code == as_vertex.value.code == code


def test_a_point_in_the_polygon_is_inside() -> None:
    verdict = geo.polygon_test(SQUARE, MID_LAT, MID_LON)

    assert verdict.inside is True
    assert verdict.distance_m == 0.0
    assert verdict.distance_to_centre_m == pytest.approx(0.0, abs=0.5)


def test_a_point_outside_the_polygon_is_as_far_as_the_nearest_edge() -> None:
    lat, lon = geo.destination(MID_LAT, EAST, 90.0, 150.0)  # 150 m east of the east edge

    verdict = geo.polygon_test(SQUARE, lat, lon)

    assert verdict.inside is False
    assert verdict.distance_m == pytest.approx(150.0, abs=1)


def test_beyond_a_corner_the_distance_is_to_the_vertex() -> None:
    lat, lon = geo.destination(NORTH, EAST, 45.0, 80.0)

    verdict = geo.polygon_test(SQUARE, lat, lon)

    assert verdict.inside is False
    assert verdict.distance_m == pytest.approx(80.0, abs=1)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(SOUTH, MID_LON), (MID_LAT, EAST), (NORTH, MID_LON), (MID_LAT, WEST)],
    ids=["south edge", "east edge", "north edge", "west edge"],
)
def test_a_point_on_an_edge_is_inside(lat: float, lon: float) -> None:
    verdict = geo.polygon_test(SQUARE, lat, lon)

    assert (verdict.inside, verdict.distance_m) == (True, 0.0)


@pytest.mark.parametrize("vertex", SQUARE.points)
def test_a_vertex_is_inside(vertex: tuple[float, float]) -> None:
    verdict = geo.polygon_test(SQUARE, *vertex)

    assert (verdict.inside, verdict.distance_m) == (True, 0.0)


def test_a_point_in_the_notch_of_a_concave_polygon_is_outside() -> None:
    # A "U": the notch runs from the north edge down to a third of the height, in the middle.
    third = (NORTH - SOUTH) / 3
    u_shape = geo.Polygon(
        (
            (SOUTH, WEST),
            (SOUTH, EAST),
            (NORTH, EAST),
            (NORTH, WEST + 2 * (EAST - WEST) / 3),
            (SOUTH + third, WEST + 2 * (EAST - WEST) / 3),
            (SOUTH + third, WEST + (EAST - WEST) / 3),
            (NORTH, WEST + (EAST - WEST) / 3),
            (NORTH, WEST),
        )
    )
    notch = (SOUTH + 2 * third, MID_LON)

    in_notch = geo.polygon_test(u_shape, *notch)
    in_arm = geo.polygon_test(u_shape, SOUTH + 2 * third, WEST + (EAST - WEST) / 6)
    in_base = geo.polygon_test(u_shape, SOUTH + third / 2, MID_LON)

    assert in_notch.inside is False
    # The notch is a third of 1 km wide: its middle is about 167 m from both arms.
    assert in_notch.distance_m == pytest.approx(
        geo.distance_m(*notch, notch[0], WEST + (EAST - WEST) / 3), abs=1
    )
    assert in_arm.inside is True
    assert in_base.inside is True


def test_a_polygon_needs_three_different_points() -> None:
    with pytest.raises(geo.GeofenceError) as refused:
        geo.Polygon(((SOUTH, WEST), (SOUTH, EAST), (SOUTH, WEST)))

    assert refused.value.code == "polygon_points"


def test_a_polygon_without_area_is_refused() -> None:
    with pytest.raises(geo.GeofenceError) as refused:
        geo.Polygon(((SOUTH, WEST), (SOUTH, MID_LON), (SOUTH, EAST)))

    assert refused.value.code == "polygon_area"


def test_the_centroid_is_the_middle_of_the_square() -> None:
    assert SQUARE.centroid == pytest.approx((MID_LAT, MID_LON), abs=1e-7)
    assert SQUARE.area_m2 == pytest.approx(1_000_000, rel=0.01)


def test_points_are_read_one_a_line() -> None:
    text = "2.900, 101.690\n\n2.900,101.699\n  2.909 101.699 \n2.909, 101.690\n2.900, 101.690\n"

    points = geo.parse_points(text)

    assert points == ((2.9, 101.69), (2.9, 101.699), (2.909, 101.699), (2.909, 101.69))


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("2.9, 101.69\n2.9; 101.7\n2.91, 101.7", "polygon_line", 2),
        ("2.9, 101.69\n2.9, 101.7, 5\n2.91, 101.7", "polygon_line", 2),
        ("2.9, 101.69\n2.9, 101.7\n\nutara, 101.7", "polygon_line", 4),
        ("2.9, 101.69\n95, 101.7\n2.91, 101.7", "latitude_range", 2),
        ("2.9, 101.69\n2.9, 101.7\n2.91, 200", "longitude_range", 3),
    ],
)
def test_a_bad_line_is_refused_with_its_number(text: str, code: str, line: int) -> None:
    with pytest.raises(geo.GeofenceError) as refused:
        geo.parse_points(text)

    assert (refused.value.code, refused.value.line) == (code, line)


def test_geofence_test_dispatches_on_the_shape() -> None:
    circle = geo.Circle(MID_LAT, MID_LON, 50)

    assert geo.geofence_test(circle, MID_LAT, MID_LON).inside is True
    assert geo.geofence_test(SQUARE, NORTH + 0.01, MID_LON).inside is False


centres = st.tuples(
    st.floats(min_value=-60, max_value=60), st.floats(min_value=-170, max_value=170)
)
radii = st.floats(min_value=1, max_value=20_000)
bearings = st.floats(min_value=0, max_value=360)


@given(centre=centres, radius=radii, bearing=bearings, fraction=st.floats(0, 0.999))
def test_a_point_nearer_than_the_radius_is_inside(
    centre: tuple[float, float], radius: float, bearing: float, fraction: float
) -> None:
    circle = geo.Circle(*centre, radius)
    point = geo.destination(*centre, bearing, radius * fraction)

    verdict = geo.circle_test(circle, *point)

    assert verdict.inside is True
    assert verdict.distance_m == 0.0


@given(centre=centres, radius=radii, bearing=bearings, beyond=st.floats(1.001, 50_000))
def test_a_point_more_than_a_metre_beyond_the_radius_is_outside(
    centre: tuple[float, float], radius: float, bearing: float, beyond: float
) -> None:
    circle = geo.Circle(*centre, radius)
    point = geo.destination(*centre, bearing, radius + beyond)

    verdict = geo.circle_test(circle, *point)

    assert verdict.inside is False
    assert verdict.distance_m == pytest.approx(beyond, abs=0.01)


@given(lat=st.floats(SOUTH, NORTH), beyond=st.floats(1.001, 3_000))
def test_a_point_east_of_the_square_is_outside_by_its_distance_to_the_east_edge(
    lat: float, beyond: float
) -> None:
    point = geo.destination(lat, EAST, 90.0, beyond)

    verdict = geo.polygon_test(SQUARE, *point)

    assert verdict.inside is False
    assert verdict.distance_m == pytest.approx(beyond, abs=1)

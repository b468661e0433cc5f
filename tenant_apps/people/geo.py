"""Geofences: is a coordinate inside an office's circle or polygon, and how far outside is it?

Pure Python with no Django import: every check-in calls it, and tests drive it directly. Distances
on the sphere are haversine; polygons are tested in a local equirectangular projection around the
tested point, exact to well under a metre at office scale (a few kilometres). The antimeridian and
the poles are not handled: Malaysia is far from both."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
# A point this close to a fence's boundary is inside: float error, not a real distance.
BOUNDARY_TOLERANCE_M = 0.5
# Below this a polygon is a line or a point, not an area (square metres).
MIN_POLYGON_AREA_M2 = 1.0


class GeofenceError(ValueError):
    """Bad geofence input, with a stable code (pages translate it) and an English message.
    ``line`` is the 1-based line of a polygon's text when the error comes from one."""

    def __init__(self, code: str, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


def check_coordinate(lat: float, lon: float, *, line: int | None = None) -> None:
    # Written as "not inside the range" so that NaN is refused too.
    if not -90.0 <= lat <= 90.0:
        raise GeofenceError("latitude_range", "Latitude must be between -90 and 90.", line=line)
    if not -180.0 <= lon <= 180.0:
        raise GeofenceError("longitude_range", "Longitude must be between -180 and 180.", line=line)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def destination(lat: float, lon: float, bearing_deg: float, dist_m: float) -> tuple[float, float]:
    """The point ``dist_m`` metres from (lat, lon) on the initial bearing (degrees from north)."""
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    theta, delta = math.radians(bearing_deg), dist_m / EARTH_RADIUS_M
    sin_phi2 = math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    phi2 = math.asin(max(-1.0, min(1.0, sin_phi2)))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * sin_phi2,
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540.0) % 360.0 - 180.0


def project(origin_lat: float, origin_lon: float, lat: float, lon: float) -> tuple[float, float]:
    """(east, north) metres of (lat, lon) from the origin, equirectangular around the origin."""
    dlon = (lon - origin_lon + 540.0) % 360.0 - 180.0
    x = math.radians(dlon) * EARTH_RADIUS_M * math.cos(math.radians(origin_lat))
    y = math.radians(lat - origin_lat) * EARTH_RADIUS_M
    return x, y


def unproject(origin_lat: float, origin_lon: float, x: float, y: float) -> tuple[float, float]:
    lat = origin_lat + math.degrees(y / EARTH_RADIUS_M)
    lon = origin_lon + math.degrees(x / (EARTH_RADIUS_M * math.cos(math.radians(origin_lat))))
    return lat, lon


@dataclass(frozen=True)
class Circle:
    lat: float
    lon: float
    radius_m: float

    def __post_init__(self) -> None:
        check_coordinate(self.lat, self.lon)
        if not self.radius_m > 0:
            raise GeofenceError("radius_zero", "The radius must be more than 0 metres.")
        if not math.isfinite(self.radius_m):
            raise GeofenceError("radius_invalid", "The radius must be a number of metres.")

    @property
    def centre(self) -> tuple[float, float]:
        return self.lat, self.lon


@dataclass(frozen=True)
class Polygon:
    """Vertices as (lat, lon) in order, not closed: the last vertex joins the first."""

    points: tuple[tuple[float, float], ...]
    centroid: tuple[float, float] = field(init=False, compare=False, repr=False)
    area_m2: float = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        points = tuple((float(lat), float(lon)) for lat, lon in self.points)
        for lat, lon in points:
            check_coordinate(lat, lon)
        if len(set(points)) < 3:
            raise GeofenceError("polygon_points", "A polygon needs at least 3 different points.")
        origin_lat, origin_lon = points[0]
        xy = [project(origin_lat, origin_lon, lat, lon) for lat, lon in points]
        twice_area = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(xy, xy[1:] + xy[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            twice_area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        area = abs(twice_area) / 2
        if area < MIN_POLYGON_AREA_M2:
            raise GeofenceError("polygon_area", "The polygon's points enclose no area.")
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "area_m2", area)
        object.__setattr__(
            self,
            "centroid",
            unproject(origin_lat, origin_lon, cx / (3 * twice_area), cy / (3 * twice_area)),
        )

    @property
    def centre(self) -> tuple[float, float]:
        return self.centroid


Shape = Circle | Polygon


@dataclass(frozen=True)
class Verdict:
    inside: bool
    distance_m: float  # to the fence's boundary: 0 inside, metres outside
    distance_to_centre_m: float  # to the circle's centre or the polygon's centroid


def circle_test(circle: Circle, lat: float, lon: float) -> Verdict:
    check_coordinate(lat, lon)
    to_centre = distance_m(circle.lat, circle.lon, lat, lon)
    outside_by = to_centre - circle.radius_m
    inside = outside_by <= BOUNDARY_TOLERANCE_M
    return Verdict(inside, 0.0 if inside else outside_by, to_centre)


def polygon_test(polygon: Polygon, lat: float, lon: float) -> Verdict:
    """Ray casting from the point (the origin of the projection) towards +x; the distance outside
    is the shortest distance to an edge. On an edge or a vertex is inside."""
    check_coordinate(lat, lon)
    scale_x = EARTH_RADIUS_M * math.cos(math.radians(lat))
    xy = [
        (
            math.radians((p_lon - lon + 540.0) % 360.0 - 180.0) * scale_x,
            math.radians(p_lat - lat) * EARTH_RADIUS_M,
        )
        for p_lat, p_lon in polygon.points
    ]
    crossings = False
    nearest_sq = math.inf
    x1, y1 = xy[-1]
    for x2, y2 in xy:
        if (y1 > 0) != (y2 > 0) and x1 + (0 - y1) * (x2 - x1) / (y2 - y1) > 0:
            crossings = not crossings
        dx, dy = x2 - x1, y2 - y1
        length_sq = dx * dx + dy * dy
        t = 0.0 if length_sq == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / length_sq))
        px, py = x1 + t * dx, y1 + t * dy
        nearest_sq = min(nearest_sq, px * px + py * py)
        x1, y1 = x2, y2
    to_edge = math.sqrt(nearest_sq)
    inside = crossings or to_edge <= BOUNDARY_TOLERANCE_M
    to_centre = distance_m(polygon.centroid[0], polygon.centroid[1], lat, lon)
    return Verdict(inside, 0.0 if inside else to_edge, to_centre)


def geofence_test(shape: Shape, lat: float, lon: float) -> Verdict:
    if isinstance(shape, Circle):
        return circle_test(shape, lat, lon)
    return polygon_test(shape, lat, lon)


def parse_points(text: str) -> tuple[tuple[float, float], ...]:
    """Polygon vertices from text, one "lat, lon" a line (blank lines skipped). A last point
    repeating the first (a closed ring, as GIS tools export) is dropped."""
    points: list[tuple[float, float]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split(",") if "," in line else line.split()
        try:
            if len(parts) != 2:
                raise ValueError(line)
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            raise GeofenceError(
                "polygon_line", f"Line {number} is not “latitude, longitude”.", line=number
            ) from None
        check_coordinate(lat, lon, line=number)
        points.append((lat, lon))
    if len(points) > 3 and points[-1] == points[0]:
        points.pop()
    return tuple(points)


# A sketch of a fence for a page: a 200 × 200 SVG, north up, the fence around its middle.
SKETCH_CENTRE = 100.0
SKETCH_REACH = 86.0  # SVG units from the middle to the farthest point drawn
POINT_MAX_REACH = 4.0  # a tested point further than this many fence sizes is not drawn


@dataclass(frozen=True)
class Sketch:
    radius: str  # the circle's radius in SVG units; "" for a polygon
    polygon: str  # the polygon's "x,y x,y …" in SVG units; "" for a circle
    point: tuple[str, str] | None  # the tested point, when near enough to draw
    point_off: bool  # a point was tested but is too far to draw
    bar_m: int  # the scale bar's length in metres
    bar_end: str  # the scale bar's end in SVG units (it starts at 12)


def _nice_length(limit: float) -> int:
    """The longest 1, 2 or 5 × 10ⁿ metres not over ``limit`` (at least 1)."""
    best = 1
    for power in range(8):
        for step in (1, 2, 5):
            if step * 10**power <= limit:
                best = step * 10**power
    return best


def sketch(shape: Shape, point: tuple[float, float] | None = None) -> Sketch:
    centre_lat, centre_lon = shape.centre
    if isinstance(shape, Circle):
        corners: list[tuple[float, float]] = []
        extent = shape.radius_m
    else:
        corners = [project(centre_lat, centre_lon, lat, lon) for lat, lon in shape.points]
        extent = max(max(abs(x), abs(y)) for x, y in corners)
    reach = extent
    point_xy = project(centre_lat, centre_lon, *point) if point else None
    if point_xy is not None:
        point_reach = max(abs(point_xy[0]), abs(point_xy[1]))
        if point_reach <= POINT_MAX_REACH * extent:
            reach = max(reach, point_reach)
        else:
            point_xy = None
    scale = SKETCH_REACH / reach if reach > 0 else 1.0

    def svg(x: float, y: float) -> tuple[str, str]:
        return f"{SKETCH_CENTRE + x * scale:.1f}", f"{SKETCH_CENTRE - y * scale:.1f}"

    bar_m = _nice_length(reach)
    return Sketch(
        radius=f"{extent * scale:.1f}" if isinstance(shape, Circle) else "",
        polygon=" ".join(",".join(svg(x, y)) for x, y in corners),
        point=svg(*point_xy) if point_xy else None,
        point_off=point is not None and point_xy is None,
        bar_m=bar_m,
        bar_end=f"{12 + bar_m * scale:.1f}",
    )

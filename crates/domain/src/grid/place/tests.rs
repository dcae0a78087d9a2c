use super::*;

fn square(code: &str, x0: f64, y0: f64, x1: f64, y1: f64) -> GridShape {
    let gj = format!(
        r#"{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"#
    );
    GridShape::parse(code, &gj).unwrap()
}

#[test]
fn a_point_is_placed_in_the_grid_that_contains_it() {
    let shapes = vec![
        square("370102-003-001-02", 117.042, 36.665, 117.044, 36.669),
        square("370102-003-001-01", 117.040, 36.665, 117.042, 36.669),
    ];
    let inside_first = LatLon::new(36.667, 117.041).unwrap();
    let inside_second = LatLon::new(36.667, 117.043).unwrap();
    let outside = LatLon::new(36.700, 117.041).unwrap();
    assert_eq!(
        place(inside_first, &shapes).unwrap().code,
        "370102-003-001-01"
    );
    assert_eq!(
        place(inside_second, &shapes).unwrap().code,
        "370102-003-001-02"
    );
    assert!(place(outside, &shapes).is_none());
    // On the shared border: the first grid by code, whatever the order of the list.
    let border = LatLon::new(36.667, 117.042).unwrap();
    assert_eq!(place(border, &shapes).unwrap().code, "370102-003-001-01");
}

#[test]
fn a_polygon_with_a_hole_does_not_hold_the_hole() {
    let gj = r#"{"type":"Polygon","coordinates":[
        [[0,0],[10,0],[10,10],[0,10],[0,0]],
        [[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#;
    let s = GridShape::parse("1", gj).unwrap();
    assert!(s.contains(LatLon::new(2.0, 2.0).unwrap()));
    assert!(!s.covers(LatLon::new(5.0, 5.0).unwrap()));
}

#[test]
fn bad_shapes_are_refused_with_a_reason() {
    assert!(matches!(
        GridShape::parse("1", "not json"),
        Err(ShapeError::NotGeoJson(_))
    ));
    assert_eq!(
        GridShape::parse("1", r#"{"type":"Point","coordinates":[117.0,36.6]}"#),
        Err(ShapeError::NotPolygon)
    );
    assert_eq!(
        GridShape::parse(
            "1",
            r#"{"type":"Polygon","coordinates":[[[36.6,200],[36.7,200],[36.7,201],[36.6,200]]]}"#
        ),
        Err(ShapeError::OutOfRange)
    );
    // A bow tie crosses itself.
    assert!(matches!(
        GridShape::parse(
            "1",
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"#
        ),
        Err(ShapeError::Invalid(_))
    ));
    // A Feature holding a polygon is fine, and survives a round trip.
    let f = r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#;
    let s = GridShape::parse("1", f).unwrap();
    assert_eq!(GridShape::parse("1", &s.to_geojson()).unwrap(), s);
}

#[test]
fn haversine_distance_in_metres() {
    let a = LatLon::new(36.6670, 117.0410).unwrap();
    // 0.0004° of latitude is about 44.5 m; 0.0005° about 55.6 m.
    let near = LatLon::new(36.6674, 117.0410).unwrap();
    let far = LatLon::new(36.6675, 117.0410).unwrap();
    assert!(
        (distance_m(a, near) - 44.5).abs() < 0.5,
        "{}",
        distance_m(a, near)
    );
    assert!(distance_m(a, near) < DUPLICATE_RADIUS_M);
    assert!(distance_m(a, far) > DUPLICATE_RADIUS_M);
    assert_eq!(distance_m(a, a), 0.0);
    // Beijing to Jinan is about 360 km.
    let beijing = LatLon::new(39.9042, 116.4074).unwrap();
    let jinan = LatLon::new(36.6512, 117.1201).unwrap();
    assert!((distance_m(beijing, jinan) / 1000.0 - 366.0).abs() < 10.0);
}

#[test]
fn points_off_the_earth_are_refused() {
    assert_eq!(LatLon::new(91.0, 0.0), Err(PointError::Lat));
    assert_eq!(LatLon::new(0.0, -181.0), Err(PointError::Lon));
    assert_eq!(LatLon::new(f64::NAN, 0.0), Err(PointError::Lat));
    assert_eq!(LatLon::parse("36.6", "abc"), Err(PointError::Lon));
    assert!(LatLon::parse(" 36.6 ", "117.0").is_ok());
}

#[test]
fn demo_polygons_tile_each_community() {
    for c in 0..7 {
        let shapes: Vec<GridShape> = (0..3)
            .map(|g| GridShape::parse(&format!("{c}-{g}"), &demo_polygon(c, g, 3)).unwrap())
            .collect();
        let (x0, y0, _, _) = shapes[0].bounds().unwrap();
        let (_, _, x1, y1) = shapes[2].bounds().unwrap();
        // A lattice of points across the community: each lies in exactly one grid's interior or
        // on a border, and every one is placed.
        for i in 1..30 {
            for j in 1..10 {
                let p = LatLon::new(
                    y0 + (y1 - y0) * j as f64 / 10.0,
                    x0 + (x1 - x0) * i as f64 / 30.0,
                )
                .unwrap();
                assert!(place(p, &shapes).is_some());
                assert!(shapes.iter().filter(|s| s.contains(p)).count() <= 1);
            }
        }
    }
}

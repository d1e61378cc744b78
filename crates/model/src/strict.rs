//! [`Strict`]: a deserializer adapter that reads every struct from a JSON object only.
//!
//! serde's derived `Deserialize` for a struct accepts two shapes: a map of its fields and a
//! sequence of its fields in declaration order. serde_json honours both, so without this
//! adapter `"placementStrategy": [["binpack", "memory"]]` would read as
//! `{"type": "binpack", "field": "memory"}`, and a cluster written as an array would parse
//! too. Spec §1.4 makes a field of the wrong JSON type a malformed document, and the service
//! model has no positional shapes, so [`Strict`] turns every `deserialize_struct` into
//! `deserialize_map`: serde_json then rejects an array with `invalid type: sequence, expected
//! struct ...` at its own line and column.
//!
//! A struct nested in a field, an element or an `Option` is read through a deserializer the
//! format creates while the outer value is being read, so the adapter also wraps every piece
//! of the protocol through which those deserializers reach the derived code: visitors, map
//! and sequence accesses, enum and variant accesses, and seeds. Everything else is
//! forwarded unchanged. It is the same layering serde_path_to_error uses to track paths;
//! [`parse_json`](crate::parse) puts [`Strict`] inside that crate's adapter, so a rejected
//! array is still reported with the path of the value that held it.
//!
//! `#[serde(flatten)]` and `untagged` types already read through `deserialize_map` or
//! `deserialize_any` (and then from serde's own buffered content, which this adapter does not
//! see); the model uses neither.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Wraps one piece of serde's deserialization protocol (a deserializer, a visitor, an access
/// or a seed) and passes everything it hands on through `Strict` again.
pub(crate) struct Strict<T>(pub(crate) T);

/// Forwards `deserialize_*` methods, wrapping the visitor (and any extra arguments as given).
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Strict(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    /// The one change: a struct is read as a map, never as a sequence.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Strict(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Forwards `visit_*` methods that carry a plain value.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Strict<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(formatter)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Strict(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(deserializer))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Strict(seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Strict(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Strict(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Strict<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(deserializer))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Strict(seed))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Strict<A> {
    type Error = A::Error;
    type Variant = Strict<A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Strict(seed))?;
        Ok((value, Strict(variant)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Strict(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Strict(visitor))
    }

    /// A struct variant's content is read like a struct: as a map. serde_json's own
    /// `struct_variant` would also take a sequence.
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.newtype_variant_seed(StructSeed { fields, visitor })
    }
}

/// Reads a struct variant's content through [`Strict`]'s `deserialize_struct`.
struct StructSeed<V> {
    fields: &'static [&'static str],
    visitor: V,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructSeed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        Strict(deserializer).deserialize_struct("", self.fields, self.visitor)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::Strict;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Point {
        x: i64,
        y: i64,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        Dot(Point),
        Line { from: Point, to: Point },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Named {
        name: String,
        #[serde(flatten)]
        point: Point,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapper(Option<Point>);

    fn read<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        T::deserialize(Strict(&mut deserializer)).map_err(|e| e.to_string())
    }

    #[test]
    fn objects_read_and_arrays_do_not() {
        assert_eq!(
            read::<Point>(r#"{"x": 1, "y": 2}"#),
            Ok(Point { x: 1, y: 2 })
        );
        let error = read::<Point>("[1, 2]").expect_err("a struct as an array");
        assert!(
            error.starts_with("invalid type: sequence, expected struct Point at line 1"),
            "{error}"
        );
        assert_eq!(
            read::<Vec<Wrapper>>(r#"[{"x": 1, "y": 2}, null]"#),
            Ok(vec![Wrapper(Some(Point { x: 1, y: 2 })), Wrapper(None)])
        );
        assert!(read::<Vec<Wrapper>>("[[1, 2]]").is_err());
    }

    #[test]
    fn enum_variants_read_their_structs_as_objects_only() {
        assert_eq!(
            read::<Shape>(r#"{"Dot": {"x": 1, "y": 2}}"#),
            Ok(Shape::Dot(Point { x: 1, y: 2 }))
        );
        assert!(read::<Shape>(r#"{"Dot": [1, 2]}"#).is_err());
        let line = r#"{"Line": {"from": {"x": 0, "y": 0}, "to": {"x": 3, "y": 4}}}"#;
        assert_eq!(
            read::<Shape>(line),
            Ok(Shape::Line {
                from: Point { x: 0, y: 0 },
                to: Point { x: 3, y: 4 }
            })
        );
        let error = read::<Shape>(r#"{"Line": [{"x": 0, "y": 0}, {"x": 3, "y": 4}]}"#)
            .expect_err("a struct variant as an array");
        assert!(error.starts_with("invalid type: sequence"), "{error}");
        assert!(read::<Shape>(r#"{"Line": {"from": [0, 0], "to": {"x": 3, "y": 4}}}"#).is_err());
    }

    #[test]
    fn flattened_fields_still_read() {
        assert_eq!(
            read::<Named>(r#"{"name": "a", "x": 1, "y": 2}"#),
            Ok(Named {
                name: "a".into(),
                point: Point { x: 1, y: 2 }
            })
        );
    }
}

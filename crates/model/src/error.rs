//! The two error types of the model: the ECS API's exceptions ([`ApiError`]) and the library's
//! own error for a broken input document ([`InputError`]).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The ECS exception an [`ApiError`] stands for (spec §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// A request parameter breaks a rule (spec §9, §7.2, §3).
    InvalidParameterException,
    /// The task definition does not exist, or it is unusable (duplicate host ports, bad GPU
    /// requirement).
    ClientException,
    /// The request names a cluster other than the snapshot's.
    ClusterNotFoundException,
}

impl ErrorKind {
    /// The exception name as ECS spells it (`InvalidParameterException`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidParameterException => "InvalidParameterException",
            Self::ClientException => "ClientException",
            Self::ClusterNotFoundException => "ClusterNotFoundException",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error ECS would raise for the request. Serialises as the AWS CLI prints a service error:
/// `{"__type": "InvalidParameterException", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct ApiError {
    #[serde(rename = "__type")]
    kind: ErrorKind,
    message: String,
}

impl ApiError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// An `InvalidParameterException`.
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidParameterException, message)
    }

    /// A `ClientException`.
    pub fn client(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ClientException, message)
    }

    /// A `ClusterNotFoundException`.
    pub fn cluster_not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ClusterNotFoundException, message)
    }

    /// Which exception this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the exception name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A malformed input document: not JSON, a field of the wrong JSON type, or a cluster snapshot
/// the engine cannot use (spec §1.4, §11). Names the file (when the caller set it), the line
/// and column (for syntax and type errors) and the field path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    path: Option<String>,
    message: String,
}

impl InputError {
    /// An error with a message only; add the location with the `with_*` methods.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            file: None,
            line: None,
            column: None,
            path: None,
            message: message.into(),
        }
    }

    /// Sets the file the document came from (the CLI knows it, the parser does not).
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the 1-based line and column of the fault.
    #[must_use]
    pub fn with_position(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the field path (`containerInstances[2].remainingResources`).
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The file name, when set.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The 1-based line, for syntax and type errors.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column, for syntax and type errors.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The field path, when the fault is inside the document (not for a syntax error at the
    /// top level).
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InputError {
    /// `FILE:LINE:COLUMN: at `PATH`: MESSAGE`, leaving out the parts that are unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut location = String::new();
        if let Some(file) = &self.file {
            location.push_str(file);
        }
        if let (Some(line), Some(column)) = (self.line, self.column) {
            if !location.is_empty() {
                location.push(':');
            }
            location.push_str(&format!("{line}:{column}"));
        }
        if !location.is_empty() {
            write!(f, "{location}: ")?;
        }
        if let Some(path) = &self.path {
            write!(f, "at `{path}`: ")?;
        }
        f.write_str(&self.message)
    }
}

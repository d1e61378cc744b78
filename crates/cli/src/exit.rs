//! How a command fails: what it prints on stderr and the exit code, which follow the AWS CLI.

use std::io::Write;
use std::process::ExitCode;

use ecs_place_model::{ApiError, InputError};

/// Exit code for an error the engine raises (an ECS exception): what the AWS CLI returns for a
/// service error.
pub const SERVICE_ERROR: u8 = 254;
/// Exit code for an unreadable or malformed input file: the AWS CLI's code for bad parameters.
pub const BAD_INPUT: u8 = 252;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// An ECS exception: printed as `{"__type": ..., "message": ...}`.
    Api(ApiError),
    /// A file that could not be read or parsed.
    Input(InputError),
    /// Writing the output failed (for example a closed pipe).
    Output(std::io::Error),
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

impl From<InputError> for Failure {
    fn from(error: InputError) -> Self {
        Self::Input(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self::Output(error)
    }
}

impl Failure {
    /// Prints the failure on stderr and returns the exit code.
    pub fn report(self) -> ExitCode {
        let mut stderr = std::io::stderr().lock();
        // Nothing sensible is left to do if stderr itself cannot be written.
        let (text, code) = match self {
            Self::Api(error) => (api_error_json(&error), SERVICE_ERROR),
            Self::Input(error) => (format!("ecs-place: {error}"), BAD_INPUT),
            Self::Output(error) => (format!("ecs-place: cannot write output: {error}"), 1),
        };
        let _ = writeln!(stderr, "{text}");
        ExitCode::from(code)
    }
}

fn api_error_json(error: &ApiError) -> String {
    serde_json::to_string(error).unwrap_or_else(|_| {
        format!(
            "{{\"__type\":\"{}\",\"message\":\"\"}}",
            error.kind().as_str()
        )
    })
}

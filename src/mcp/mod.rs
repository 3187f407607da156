//! `pm mcp`: the Model Context Protocol front end. It serves the CLI's
//! operations to AI agents over stdio with the official Rust SDK (`rmcp`):
//! tools that run the same commands in-process ([`tools`]), the JSON Schemas,
//! artifacts and pm.yaml as resources, and prompts for a PM's routines
//! ([`content`]). Like every command it finds the product from `-C` (or a
//! tool's `project_root`), never from the client's roots.

pub(crate) mod content;
pub(crate) mod tools;

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, GetPromptRequestParams, GetPromptResponse,
    Implementation, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult, ListToolsResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt};
use serde_json::{Value, json};

use crate::error::Error;

pub(crate) use tools::{GROUPS, Outcome, Selection};

/// The longest JSON-RPC message pm reads (one line on stdio); longer ones
/// are dropped with an error response, so a client cannot make pm buffer
/// without bound. Tool arguments have a tighter limit of their own.
pub(crate) const MAX_MESSAGE: usize = 1024 * 1024;

/// What the server tells an agent when it connects.
const INSTRUCTIONS: &str = "pm keeps a product's backlog, roadmap, OKRs, PRDs, metrics and experiments as YAML in git. \
Read with pm_query/pm_get/pm_report, change with pm_create/pm_update/pm_move/pm_rank/pm_link/pm_record: every write is \
validated like `pm check` and leaves comments and key order as they were; nothing is committed. Review with pm_diff and pm_check. \
Every tool takes `project_root` (the product folder or below; default: where pm mcp was started). Output schemas outline \
artifacts; their whole JSON Schemas are the resources pm://schema/{kind}.";

/// The server: where it was started and which tools it serves.
#[derive(Clone)]
pub(crate) struct Server {
    start: PathBuf,
    selection: Arc<Selection>,
}

impl Server {
    pub(crate) fn new(start: PathBuf, selection: Selection) -> Server {
        Server { start, selection: Arc::new(selection) }
    }

    /// The result of a tool call, as the protocol carries it: a tool's own
    /// failure is a result with `isError`, never a protocol error.
    pub(crate) fn call(&self, name: &str, arguments: &serde_json::Map<String, Value>) -> CallToolResult {
        match tools::call(&self.selection, &self.start, name, arguments) {
            Outcome::Done { structured, text } => {
                let mut result = CallToolResult::structured(structured);
                result.content = vec![ContentBlock::text(text)];
                result
            }
            Outcome::Failed(text) => CallToolResult::error(vec![ContentBlock::text(text)]),
        }
    }
}

/// A value of one of the protocol's result types, built from its JSON (the
/// SDK's types are not exhaustive: they are made the way the wire makes them).
fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, McpError> {
    serde_json::from_value(value).map_err(|e| McpError::internal_error(e.to_string(), None))
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder().enable_tools().enable_resources().enable_prompts().build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new("pm", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        from_json(json!({"tools": self.selection.list()}))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let server = self.clone();
        let name = request.name.to_string();
        let arguments = request.arguments.unwrap_or_default();
        // The command runs on a thread of its own: pm's operations block
        // (files, git, locks). A client that goes away mid-call does not
        // interrupt it; a write completes or is not made at all.
        let result = tokio::task::spawn_blocking(move || server.call(&name, &arguments)).await.unwrap_or_else(|e| {
            CallToolResult::error(vec![ContentBlock::text(format!("error: the tool failed: {e}\n"))])
        });
        Ok(result.into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        from_json(json!({"resources": content::resources()}))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, McpError> {
        from_json(json!({"resourceTemplates": content::templates()}))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let start = self.start.clone();
        let uri = request.uri;
        let read = tokio::task::spawn_blocking(move || content::read(&start, &uri))
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        match read {
            Ok(contents) => {
                from_json::<rmcp::model::ReadResourceResult>(json!({"contents": [contents]})).map(Into::into)
            }
            Err(message) => Err(McpError::resource_not_found(message, None)),
        }
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        from_json(json!({"prompts": content::prompts()}))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        let start = self.start.clone();
        let arguments = request.arguments.unwrap_or_default();
        let name = request.name;
        let prompt = tokio::task::spawn_blocking(move || content::prompt(&start, &name, &arguments))
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        match prompt {
            Ok(value) => from_json::<rmcp::model::GetPromptResult>(value).map(Into::into),
            Err(message) => Err(McpError::invalid_params(message, None)),
        }
    }
}

/// Serves MCP on stdin/stdout until the client closes the connection.
pub(crate) fn serve(start: PathBuf, selection: Selection) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start", "the MCP server", e))?;
    runtime.block_on(async move {
        let (stdin, stdout) = rmcp::transport::stdio();
        let transport =
            rmcp::transport::async_rw::AsyncRwTransport::new_server(stdin, stdout).with_max_line_length(MAX_MESSAGE);
        use rmcp::service::ServerInitializeError as Init;
        let running = match Server::new(start, selection).serve(transport).await {
            Ok(running) => running,
            // A client that leaves before the handshake ends ends the server, as a closed pipe ends a command.
            Err(Init::ConnectionClosed(_) | Init::TransportError { .. } | Init::Cancelled) => return Ok(()),
            Err(e) => return Err(Error::usage(format!("the MCP client did not initialize: {e}"))),
        };
        running.waiting().await.map_err(|e| Error::usage(format!("the MCP server stopped: {e}")))?;
        Ok(())
    })
}

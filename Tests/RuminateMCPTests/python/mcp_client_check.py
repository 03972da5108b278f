#!/usr/bin/env python3
"""Drives `ruminate mcp` with the reference Python MCP client (PyPI `mcp`, see scripts/ensure-mcp-client).

Usage: mcp_client_check.py RUMINATE_BINARY INDEX QUERY QUESTION

Starts the server as a subprocess over stdio, initializes, lists the tools, calls search, open (the first
hit's passage, then its document) and ask, and provokes two tool errors (an unknown passage, an empty query).
Prints one JSON object summarising what came back; the Swift test RuminateMCPTests checks it.
"""

import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


def summarise(result):
    """A tool result as plain data: its flag, its text blocks, the JSON block parsed, its structured content."""
    texts = [block.text for block in result.content if getattr(block, "type", None) == "text"]
    return {
        "is_error": bool(result.is_error),
        "texts": texts,
        "json": json.loads(texts[-1]) if texts else None,
        "structured": result.structured_content,
    }


async def run(binary, index, query, question):
    server = StdioServerParameters(command=binary, args=["mcp", "--index", index])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            listed = await session.list_tools()
            search = summarise(await session.call_tool("search", {"query": query, "k": 3}))
            hits = (search["json"] or {}).get("hits") or []
            opened = document = None
            if hits:
                opened = summarise(await session.call_tool("open", {"passage": hits[0]["passage"], "context": 40}))
                document = summarise(await session.call_tool("open", {"document": hits[0]["document"]}))
            ask = summarise(await session.call_tool("ask", {"question": question, "sentences": 3}))
            unknown_passage = summarise(await session.call_tool("open", {"passage": 987654321}))
            empty_query = summarise(await session.call_tool("search", {"query": "   "}))
            return {
                "protocol_version": initialized.protocol_version,
                "server": {"name": initialized.server_info.name, "version": initialized.server_info.version},
                "tools": {
                    tool.name: {
                        "required": tool.input_schema.get("required", []),
                        "properties": sorted(tool.input_schema.get("properties", {})),
                        "read_only": bool(tool.annotations and tool.annotations.read_only_hint),
                    }
                    for tool in listed.tools
                },
                "search": search,
                "open_passage": opened,
                "open_document": document,
                "ask": ask,
                "unknown_passage": unknown_passage,
                "empty_query": empty_query,
            }


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    summary = asyncio.run(run(*sys.argv[1:]))
    json.dump(summary, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

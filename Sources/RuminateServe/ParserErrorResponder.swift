import Foundation
internal import Hummingbird
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPTypes
import RuminateCore
import RuminateService

/// Answers a request the HTTP parser refuses (a request line and headers over its 80 KB limit, bytes that are
/// not HTTP) with the API's JSON error instead of Hummingbird's empty 400, then closes the connection, as
/// NIO's own protocol error handler does. It sits after the HTTP codec; a parser error that arrives while a
/// response is under way is passed on unchanged (a second response cannot be written then).
final class ParserErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests read whose response has not ended yet.
    private var pending = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { pending += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { pending = max(0, pending - 1) }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, pending == 0 else {
            context.fireErrorCaught(error)
            return
        }
        let body = (try? WireEncoding.data(Self.describe(parserError), pretty: false)) ?? Data("{}".utf8)
        let head = HTTPResponse(
            status: .badRequest,
            headerFields: [
                .contentType: "application/json; charset=utf-8", .contentLength: String(body.count),
                .connection: "close",
            ])
        // Written at once: the decoder closes the channel right after this returns.
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    static func describe(_ error: HTTPParserError) -> ErrorJSON {
        switch error {
        case .headerOverflow:
            ErrorJSON(
                RuminateError(
                    .invalidArgument, "the request line and headers are too long (over 80 KB together)",
                    hint: "shorten the query; send long questions to POST /api/ask in the body"))
        default:
            ErrorJSON(
                RuminateError(
                    .malformedInput, "the request is not valid HTTP/1.1 (\(error))",
                    hint: "check the client: the request line, headers and body framing"))
        }
    }
}

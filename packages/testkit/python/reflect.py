"""Checks a gRPC server's reflection the way grpcurl and other non-JavaScript clients do.

Usage: reflect.py HOST:PORT DESCRIPTOR_SET

Lists the services, fetches each one's file with all its imports through reflection, and loads them
into a fresh, strict Python descriptor pool (it rejects missing imports and malformed map fields).
Prints JSON: {"services": [...], "methods": {"pkg.Service": ["Method", ...]}}. Exits non-zero on any
failure. DESCRIPTOR_SET is only used for the reflection protocol's own messages.
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def message_class(pool, name):
    descriptor = pool.FindMessageTypeByName(name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def reflection_messages(descriptor_set_path):
    file_set = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as handle:
        file_set.ParseFromString(handle.read())
    pool = descriptor_pool.DescriptorPool()
    wanted = {"grpc/reflection/v1/reflection.proto"}
    for file in file_set.file:
        if file.name in wanted:
            pool.Add(file)
    return (message_class(pool, "grpc.reflection.v1.ServerReflectionRequest"),
            message_class(pool, "grpc.reflection.v1.ServerReflectionResponse"))


def main():
    address, descriptor_set_path = sys.argv[1], sys.argv[2]
    request_type, response_type = reflection_messages(descriptor_set_path)
    channel = grpc.insecure_channel(address)
    call = channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        request_serializer=lambda message: message.SerializeToString(),
        response_deserializer=response_type.FromString,
    )

    def ask(**fields):
        responses = list(call(iter([request_type(**fields)]), timeout=10))
        response = responses[0]
        if response.HasField("error_response"):
            raise SystemExit("reflection error: %s" % response.error_response.error_message)
        return response

    services = [s.name for s in ask(list_services="").list_services_response.service]
    pool = descriptor_pool.DescriptorPool()
    loaded = set()

    def load(proto_bytes_list):
        pending = []
        for raw in proto_bytes_list:
            file = descriptor_pb2.FileDescriptorProto()
            file.ParseFromString(raw)
            pending.append(file)
        # Add files once their imports are in, as a strict client must.
        while pending:
            progress = False
            for file in list(pending):
                if file.name in loaded:
                    pending.remove(file)
                    continue
                missing = [d for d in file.dependency if d not in loaded]
                for dependency in missing:
                    if not any(p.name == dependency for p in pending):
                        fetched = ask(file_by_filename=dependency).file_descriptor_response.file_descriptor_proto
                        load(fetched)
                if all(d in loaded for d in file.dependency):
                    pool.Add(file)
                    loaded.add(file.name)
                    pending.remove(file)
                    progress = True
            if not progress and pending:
                raise SystemExit("cannot resolve imports of %s" % [p.name for p in pending])

    methods = {}
    for service in services:
        load(ask(file_containing_symbol=service).file_descriptor_response.file_descriptor_proto)
        descriptor = pool.FindServiceByName(service)
        methods[service] = [m.name for m in descriptor.methods]
    print(json.dumps({"services": services, "methods": methods}))


if __name__ == "__main__":
    main()

"""moto's server, serialized, and with two fixes of its cost model.

moto applies a TransactWriteItems (and checks any condition) without
isolation from its other request threads, so two concurrent conditional
writes can both pass their conditions: a race DynamoDB itself never has
(it linearizes the writes to an item). Handling one request at a time
restores that guarantee. Our code's own races stay visible: a read in one
request followed by a write in another can still interleave with other
clients' requests, exactly as against DynamoDB.

moto 5.2.5 also backs a transaction up by deep-copying every table it
touches, once per item of the transaction, and answers a Query on the
table's key by sorting and scanning every item of the table: both cost time
(and memory) in proportion to the whole table, where DynamoDB's cost depends
on the items touched. `make bench`'s 2,000 participants made moto pass 4 GB
and time out registrations. Here a transaction backs up only the items it
touches, and a Query on the table's key reads only its partition; the
results are the same.

moto's SNS records the text messages it "sends": `GET /moto-sms/` answers
them as JSON ({"messages": [{"phone", "message"}]}), so the tests can read a
registration's verification code as the participant would. Likewise
`GET /moto-email/` answers the e-mails moto's SES "sent" ({"messages":
[{"source", "destinations", "subject", "body"}]}), and every sender counts
as verified (in AWS the deployer verifies the sender's domain).

Usage: python moto_server.py HOST PORT
"""

import copy
import json
import sys
import threading

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend, Table
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple

_one_at_a_time = threading.Lock()
_whole_table_transact = DynamoDBBackend.transact_write_items


class _TablesNotCopied:
    """moto's module-level `copy`, except that a Table is not copied."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def _item_key(table, operation):
    key = operation["Item"] if "Item" in operation else operation["Key"]
    hash_value = DynamoType(key[table.hash_key_attr])
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return hash_value, range_value


def _transact_with_item_undo(self, transact_items):
    backups = []
    for entry in transact_items:
        operation = next(iter(entry.values()))
        table = self.tables.get(operation.get("TableName"))
        if table is None or not ("Item" in operation or "Key" in operation):
            continue
        try:
            hash_value, range_value = _item_key(table, operation)
        except (KeyError, TypeError):
            continue  # moto itself rejects the malformed item
        backups.append((table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value))))
    dynamodb_models.copy = _TablesNotCopied
    try:
        _whole_table_transact(self, transact_items)
    except Exception:
        for table, hash_value, range_value, before in reversed(backups):
            if before is None:
                table.delete_item(hash_value, range_value)
            elif range_value is not None:
                table.items[hash_value][range_value] = before
            else:
                table.items[hash_value] = before
        raise
    finally:
        dynamodb_models.copy = copy


DynamoDBBackend.transact_write_items = _transact_with_item_undo

_scanning_query = Table.query
_INDEX_NAME_POSITION = 6  # after hash_key: range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward, projection_expressions


def _query_one_partition(self, hash_key, *args, **kwargs):
    index_name = args[_INDEX_NAME_POSITION] if len(args) > _INDEX_NAME_POSITION else kwargs.get("index_name")
    if index_name is not None or hash_key is None:
        return _scanning_query(self, hash_key, *args, **kwargs)
    partition = self.items.get(hash_key)
    if partition is None:
        items = []
    else:
        items = list(partition.values()) if self.range_key_attr else [partition]
    # The query reads the table through all_items(); for this call it sees the partition only.
    self.all_items = lambda: items
    try:
        return _scanning_query(self, hash_key, *args, **kwargs)
    finally:
        del self.all_items


Table.query = _query_one_partition


def _sms_messages(start_response):
    from moto.sns.models import sns_backends

    messages = []
    for account in sns_backends.values():
        for backend in account.values():
            for phone, message in backend.sms_messages.values():
                messages.append({"phone": phone, "message": message})
    body = json.dumps({"messages": messages}, ensure_ascii=False).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _email_messages(start_response):
    from moto.ses.models import ses_backends

    messages = []
    for account in ses_backends.values():
        for backend in account.values():
            for message in backend.sent_messages:
                messages.append(
                    {
                        "source": getattr(message, "source", ""),
                        "destinations": getattr(message, "destinations", {}),
                        "subject": getattr(message, "subject", ""),
                        "body": getattr(message, "body", ""),
                    }
                )
    body = json.dumps({"messages": messages}, ensure_ascii=False, default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _every_sender_verified() -> None:
    """Locally, any From address may send: in AWS the deployer verifies the
    sender's domain in SES (docs/deployment.md)."""
    from moto.ses.models import SESBackend

    SESBackend._is_verified_address = lambda self, source: True


_every_sender_verified()


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    app = DomainDispatcherApplication(create_backend_app)

    def serialized(environ, start_response):
        if environ.get("PATH_INFO") == "/moto-sms/":
            return _sms_messages(start_response)
        if environ.get("PATH_INFO") == "/moto-email/":
            return _email_messages(start_response)
        with _one_at_a_time:
            # Consume the whole response inside the lock: moto may build it lazily.
            return list(app(environ, start_response))

    run_simple(host, port, serialized, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()

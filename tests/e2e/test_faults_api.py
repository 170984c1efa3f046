"""Fault injection through the control plane: POST / GET / DELETE /_connect-local/faults."""

import urllib.error

import pytest
from conftest import OTHER_ACCOUNT, make_instance, wait_for


def instance_status(client, instance_id):
    return client.describe_instance(InstanceId=instance_id)["Instance"]


def create(client, alias):
    return client.create_instance(IdentityManagementType="SAML", InstanceAlias=alias, InboundCallsEnabled=True,
                                  OutboundCallsEnabled=True)


def test_armed_creation_failure_is_used_count_times(server, connect):
    client = connect()
    armed = server.control("POST", "faults", {"operation": "CreateInstance", "count": 2,
                                              "message": "Instance creation failed due to directory issue."})
    assert armed["outcome"] == "CREATION_FAILED" and armed["count"] == 2
    failed = [create(client, f"doomed-{n}")["Id"] for n in range(2)]
    for instance_id in failed:
        described = instance_status(client, instance_id)  # --delay 0: settled by this very request
        assert described["InstanceStatus"] == "CREATION_FAILED"
        assert described["StatusReason"]["Message"] == "Instance creation failed due to directory issue."
    assert server.control("GET", "faults")["faults"] == []
    make_instance(client, "fine")


def test_faults_can_be_limited_to_an_account(server, connect):
    server.control("POST", "faults", {"operation": "CreateInstance", "account": OTHER_ACCOUNT})
    mine = make_instance(connect(), "unaffected")
    assert instance_status(connect(), mine["Id"])["InstanceStatus"] == "ACTIVE"
    theirs = create(connect(account=OTHER_ACCOUNT), "affected")
    other = connect(account=OTHER_ACCOUNT)
    wait_for(lambda: instance_status(other, theirs["Id"])["InstanceStatus"] == "CREATION_FAILED")


def test_list_and_clear(server):
    server.control("POST", "faults", {"operation": "ReplicateInstance"})
    server.control("POST", "faults", {"operation": "DeleteTrafficDistributionGroup", "count": 3})
    listed = server.control("GET", "faults")
    assert [(f["operation"], f["count"]) for f in listed["faults"]] == [
        ("ReplicateInstance", 1), ("DeleteTrafficDistributionGroup", 3)]
    assert listed["operations"]["CreateTrafficDistributionGroup"] == "CREATION_FAILED"
    assert server.control("DELETE", "faults") == {"cleared": 2}
    assert server.control("GET", "faults")["faults"] == []


@pytest.mark.parametrize("document, message", [
    ({"operation": "ListInstances"}, "operation must be one of"),
    ({"operation": "CreateInstance", "outcome": "DELETION_FAILED"}, "can only be made to end in CREATION_FAILED"),
    ({"operation": "CreateInstance", "count": 0}, "positive integer"),
    ({"operation": "CreateInstance", "message": 7}, "message must be a string"),
])
def test_bad_requests_are_refused(server, document, message):
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        server.control("POST", "faults", document)
    assert excinfo.value.code == 400
    assert message in excinfo.value.read().decode()


def test_armed_faults_are_shared_by_processes_on_one_state_file(spawn, tmp_path):
    state = str(tmp_path / "shared.sqlite3")
    first = spawn(state=state)
    second = spawn(state=state)
    first.control("POST", "faults", {"operation": "CreateInstance"})
    client = second.client()
    created = create(client, "crosses-processes")
    wait_for(lambda: instance_status(client, created["Id"])["InstanceStatus"] == "CREATION_FAILED")
    assert first.control("GET", "faults")["faults"] == []

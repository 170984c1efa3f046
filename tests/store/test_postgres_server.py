"""The server runs unchanged on PostgreSQL, and its state outlives the process."""

from conftest import make_instance


def test_server_on_postgres_keeps_state_across_restarts(spawn, postgres_url):
    first = spawn(state=postgres_url)
    first.reset()
    created = make_instance(first.client(), "on-postgres")
    first.stop()
    second = spawn(state=postgres_url)
    described = second.client().describe_instance(InstanceId=created["Id"])["Instance"]
    assert described["InstanceAlias"] == "on-postgres"
    assert described["InstanceStatus"] == "ACTIVE"

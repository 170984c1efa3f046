from conftest import make_instance


def test_create_describe_delete_instance(connect):
    client = connect()
    created = make_instance(client, "smoke-alias")
    described = client.describe_instance(InstanceId=created["Id"])["Instance"]
    assert described["Arn"] == created["Arn"]
    assert described["InstanceAlias"] == "smoke-alias"
    client.delete_instance(InstanceId=created["Id"])
    assert client.list_instances()["InstanceSummaryList"] == []

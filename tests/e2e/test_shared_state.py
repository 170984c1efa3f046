"""Several server processes may share one state file: each sees the others' writes and settles their transitions."""

from conftest import make_instance, wait_for


def test_two_servers_on_one_state_file_see_each_others_resources(spawn, tmp_path):
    state = str(tmp_path / "shared.sqlite3")
    first = spawn(state=state, delay="instance=1")
    second = spawn(state=state, delay="instance=1")
    created = first.client().create_instance(IdentityManagementType="SAML", InstanceAlias="shared-one",
                                             InboundCallsEnabled=True, OutboundCallsEnabled=True)
    seen = second.client().describe_instance(InstanceId=created["Id"])["Instance"]
    assert seen["InstanceStatus"] == "CREATION_IN_PROGRESS"
    # the transition scheduled by the first process is settled by whichever process reads after it is due
    wait_for(lambda: second.client().describe_instance(InstanceId=created["Id"])["Instance"]["InstanceStatus"]
             == "ACTIVE", timeout=5)
    other = make_instance(second.client(), "shared-two")
    listed = {i["Id"] for i in first.client().list_instances()["InstanceSummaryList"]}
    assert listed == {created["Id"], other["Id"]}

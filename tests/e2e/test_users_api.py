"""CreateUser / DescribeUser / ListUsers end to end (the minimum TDG association needs)."""

import pytest
from botocore.exceptions import ClientError
from conftest import make_instance
from replication_api_helpers import REPLICA, SOURCE, error_code, new_user, replicated_pair


def test_create_describe_and_list(connect):
    client = connect(SOURCE)
    instance = make_instance(client, "staffed")
    created = new_user(client, instance["Id"], "ada.agent@example", Tags={"team": "a"})
    assert created["UserArn"] == f"{instance['Arn']}/agent/{created['UserId']}"
    user = client.describe_user(InstanceId=instance["Id"], UserId=created["UserId"])["User"]
    assert (user["Id"], user["Username"], user["RoutingProfileId"]) == (created["UserId"], "ada.agent@example",
                                                                        "routing-profile-1")
    assert user["IdentityInfo"] == {"FirstName": "Ada", "LastName": "Agent"}
    assert user["LastModifiedRegion"] == SOURCE and user["Tags"] == {"team": "a"}
    made = [created["UserId"]] + [new_user(client, instance["Id"], f"agent{n}")["UserId"] for n in range(4)]
    seen, token = [], None
    while True:
        page = client.list_users(InstanceId=instance["Id"], MaxResults=2, **({"NextToken": token} if token else {}))
        seen += [u["Id"] for u in page["UserSummaryList"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == made
    summary = client.list_users(InstanceId=instance["Id"])["UserSummaryList"][0]
    assert set(summary) == {"Id", "Arn", "Username", "LastModifiedTime", "LastModifiedRegion"}


def test_usernames_are_unique_per_instance_in_both_regions(connect):
    east, west, instance = replicated_pair(connect)
    new_user(east, instance["Id"], "only-once")
    for client in (east, west):
        with pytest.raises(ClientError) as excinfo:
            new_user(client, instance["Id"], "only-once")
        assert error_code(excinfo) == "DuplicateResourceException"


@pytest.mark.parametrize("identity, extra, message", [
    ("SAML", {"IdentityInfo": {"FirstName": "No", "LastName": "Mail", "Email": "a@example.com"}}, "Email"),
    ("SAML", {"IdentityInfo": {"FirstName": "Only"}}, "FirstName and LastName"),
    ("SAML", {"Username": "has space"}, "SAML"),
    ("SAML", {"Password": "Secret123"}, "Password must not"),
    ("CONNECT_MANAGED", {}, "Password is required"),
    ("CONNECT_MANAGED", {"Password": "Secret123", "Username": "a" * 21}, "at most 20"),
])
def test_identity_dependent_rules(connect, identity, extra, message):
    client = connect(SOURCE)
    instance = make_instance(client, f"rules-{identity.lower().replace('_', '-')}", identity=identity)
    params = dict(extra)
    username = params.pop("Username", "ruled")
    with pytest.raises(ClientError, match=message) as excinfo:
        new_user(client, instance["Id"], username, **params)
    assert error_code(excinfo) == "InvalidParameterException"


def test_connect_managed_user_with_password(connect):
    client = connect(SOURCE)
    instance = make_instance(client, "managed-users", identity="CONNECT_MANAGED")
    created = new_user(client, instance["Id"], "managed", Password="Secret123")
    assert "Password" not in client.describe_user(InstanceId=instance["Id"], UserId=created["UserId"])["User"]


def test_unknown_instance_or_user(connect):
    client = connect(SOURCE)
    instance = make_instance(client, "empty")
    missing = "00000000-0000-4000-8000-000000000000"
    for call in (lambda: new_user(client, missing, "nobody"),
                 lambda: client.list_users(InstanceId=missing),
                 lambda: client.describe_user(InstanceId=instance["Id"], UserId=missing),
                 lambda: connect(REPLICA).describe_user(InstanceId=instance["Id"], UserId=missing)):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "ResourceNotFoundException"

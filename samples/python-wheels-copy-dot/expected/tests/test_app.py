from shortlink.app import create_app


def test_shorten_and_follow():
    client = create_app().test_client()
    key = client.post("/", data="https://example.com").get_data(as_text=True).strip()
    assert client.get("/" + key).status_code == 302

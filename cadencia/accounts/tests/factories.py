import factory
from factory.django import DjangoModelFactory

from cadencia.accounts.models import Role, User

PASSWORD = "a-Strong-test-pass-9"


class RoleFactory(DjangoModelFactory[Role]):
    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"Role {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = factory.SubFactory(RoleFactory)

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

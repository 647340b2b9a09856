"""Django's Redis cache, keeping its redis-py client instead of making one per call.

Django's RedisCacheClient builds a new `redis.Redis` for every get or set (about 170 response
callbacks copied each time, a fifth of a cached page's cost); the client is only a handle on the
connection pool, which Django already keeps, so one per pool serves every call. Django's caches are
per thread, so is this client.
"""
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

"""Names in Docker Hub's official library (docker.io/library/<name>), deprecated ones included.

Why a list: a bare word such as `alpine` or `docs` in `FROM docs` or
`COPY --from=docs` is either an official image or a BuildKit named build
context, and nothing in the word itself tells them apart. The official library
is a closed, curated set (docker-library/official-images, `library/`), so a bare
word that is not in it cannot be pulled: it can only work as a named context.
A name missing from this snapshot is reported with that caveat in the message.
"""

OFFICIAL_IMAGES = frozenset(
    ["adminer", "aerospike", "almalinux", "alpine", "alt", "amazoncorretto", "amazonlinux", "api-firewall", "arangodb", "archlinux", "backdrop", "bash", "bonita", "buildpack-deps", "busybox", "caddy", "cassandra", "celery", "centos", "chronograf", "cirros", "clearlinux", "clefos", "clickhouse", "clojure", "composer", "consul", "convertigo", "couchbase", "couchdb", "crate", "crux", "dart", "debian", "django", "docker", "drupal", "eclipse-mosquitto", "eclipse-temurin", "eggdrop", "elasticsearch", "elixir", "emqx", "erlang", "euleros", "express-gateway", "fedora", "flink", "fluentd", "friendica", "fsharp", "gazebo", "gcc", "geonetwork", "ghost", "glassfish", "golang", "gradle", "groovy", "haproxy", "haskell", "haxe", "hello-world", "hitch", "httpd", "hylang", "ibm-semeru-runtimes", "ibmjava", "influxdb", "iojs", "irssi", "java", "jetty", "jobber", "joomla", "jruby", "julia", "kapacitor", "kibana", "known", "kong", "krakend", "lightstreamer", "liquibase", "logstash", "mageia", "mariadb", "matomo", "maven", "mediawiki", "memcached", "mongo", "mongo-express", "monica", "mono", "mysql", "nats", "nats-streaming", "neo4j", "neurodebian", "nextcloud", "nginx", "node", "notary", "nuxeo", "odoo", "open-liberty", "openjdk", "opensuse", "oraclelinux", "orientdb", "owncloud", "percona", "perl", "photon", "php", "php-zendserver", "phpmyadmin", "piwik", "plone", "postfixadmin", "postgres", "pypy", "python", "r-base", "rabbitmq", "rails", "rakudo-star", "rapidoid", "redis", "redmine", "registry", "rethinkdb", "rocket.chat", "rockylinux", "ros", "ruby", "rust", "sapmachine", "satosa", "sentry", "silverpeas", "solr", "sonarqube", "sourcemage", "spark", "spiped", "storm", "swarm", "swift", "swipl", "teamspeak", "telegraf", "thrift", "tomcat", "tomee", "traefik", "ubuntu", "ubuntu-debootstrap", "ubuntu-upstart", "unit", "varnish", "vault", "websphere-liberty", "wordpress", "xwiki", "yourls", "znc", "zookeeper"]
)

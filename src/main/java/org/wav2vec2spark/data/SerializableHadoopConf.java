package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Carries the driver's Hadoop configuration (with any {@code spark.hadoop.*} settings such as S3
 * credentials) to the executors, which need it to open the same URIs.
 */
public final class SerializableHadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    /** Wraps a configuration; it is not copied, so do not change it afterwards. */
    public SerializableHadoopConf(Configuration conf) {
        this.conf = conf;
    }

    /** The wrapped configuration. */
    public Configuration get() {
        return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
